package org.neurospark.snn.cli;

import picocli.CommandLine;

/**
 * Range checks of numeric flags: each failure is a {@link CommandLine.ParameterException} naming the flag, the
 * allowed range and the value given.
 */
final class Flags {
  private Flags() {}

  static void intIn(CommandLine cl, String flag, long v, long min, long max) {
    if (v < min || v > max) {
      throw new CommandLine.ParameterException(cl, flag + " must be in [" + min + ", " + max + "]: " + v);
    }
  }

  /** A finite value in [min, max] ({@code minOpen}: (min, max]; {@code maxOpen}: [min, max)). */
  static void realIn(CommandLine cl, String flag, double v, double min, boolean minOpen, double max,
      boolean maxOpen) {
    boolean ok = Double.isFinite(v) && (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
    if (!ok) {
      throw new CommandLine.ParameterException(cl, flag + " must be a finite number in " + (minOpen ? "(" : "[")
          + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]") + ": " + v);
    }
  }

  private static String fmt(double d) {
    return d == (long) d ? Long.toString((long) d) : Double.toString(d);
  }
}
