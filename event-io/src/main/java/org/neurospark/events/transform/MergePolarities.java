package org.neurospark.events.transform;

import java.util.Arrays;
import org.neurospark.events.EventBatch;

/** tonic {@code MergePolarities}: every polarity becomes 0 (one channel). */
public final class MergePolarities implements EventTransform {
  @Override
  public void apply(EventBatch b) {
    Arrays.fill(b.p(), 0, b.size(), (byte) 0);
  }

  @Override
  public String toString() {
    return "mergepol()";
  }
}
