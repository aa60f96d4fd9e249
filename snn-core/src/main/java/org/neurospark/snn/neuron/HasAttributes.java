package org.neurospark.snn.neuron;

import java.util.Set;

/** A module exposing named state arrays (e.g. {@code v}, {@code v_seq}) for {@code AttributeMonitor}. */
public interface HasAttributes {
  /** Names {@link #attribute} accepts. */
  Set<String> attributeNames();

  /** Current value of the attribute (a copy or an array the module no longer writes), or null if not set yet. */
  float[] attribute(String name);
}
