package org.neurospark.snn.neuron;

import java.util.Set;
import org.neurospark.snn.tensor.Tensor;

/** A module exposing named state tensors (e.g. {@code v}, {@code v_seq}) for {@code AttributeMonitor}. */
public interface HasAttributes {
  /** Names {@link #attribute} accepts. */
  Set<String> attributeNames();

  /** Current value of the attribute, or null if not set yet. */
  Tensor attribute(String name);
}
