package org.neurospark.snn.neuron.dynamics;

import java.util.Locale;

/** snnTorch reset mechanisms. */
public enum ResetMechanism {
  /** Subtract the threshold after a spike (snnTorch default for Leaky/Synaptic). */
  SUBTRACT,
  /** Reset the membrane to zero after a spike. */
  ZERO,
  /** No reset. */
  NONE;

  /** Parses snnTorch's names {@code subtract}, {@code zero}, {@code none}. */
  public static ResetMechanism parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("reset_mechanism must be subtract, zero or none, got '" + s + "'", e);
    }
  }
}
