package org.neurospark.events.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neurospark.events.EventBatch;

/**
 * A chain of transforms applied in order to each batch (tonic {@code Compose}). Stops early when a batch becomes
 * empty. {@link #reset()} resets every member. Build one from code or from a one-line spec with
 * {@link TransformSpec#parse}, e.g. {@code "denoise(10000),downsample(0.5,0.5)"}.
 */
public final class Compose implements EventTransform {
  private final EventTransform[] steps;

  public Compose(List<? extends EventTransform> steps) {
    this.steps = steps.toArray(new EventTransform[0]);
  }

  public Compose(EventTransform... steps) {
    this.steps = steps.clone();
  }

  /** Parses {@code spec} (see {@link TransformSpec}) for events from a sensor of size {@code sensor}. */
  public static Compose parse(String spec, SensorSize sensor, long seed) {
    return TransformSpec.parse(spec, sensor, seed);
  }

  /** The members, in order. */
  public List<EventTransform> steps() {
    List<EventTransform> l = new ArrayList<>(steps.length);
    Collections.addAll(l, steps);
    return Collections.unmodifiableList(l);
  }

  /** True when there is nothing to do. */
  public boolean isEmpty() {
    return steps.length == 0;
  }

  @Override
  public void apply(EventBatch b) {
    for (EventTransform s : steps) {
      if (b.isEmpty()) {
        return;
      }
      s.apply(b);
    }
  }

  @Override
  public void reset() {
    for (EventTransform s : steps) {
      s.reset();
    }
  }

  @Override
  public SensorSize outputSize(SensorSize in) {
    SensorSize s = in;
    for (EventTransform t : steps) {
      s = t.outputSize(s);
    }
    return s;
  }

  @Override
  public boolean mayReorder() {
    for (EventTransform s : steps) {
      if (s.mayReorder()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (EventTransform s : steps) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(s);
    }
    return sb.toString();
  }
}
