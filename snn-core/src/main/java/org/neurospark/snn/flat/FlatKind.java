package org.neurospark.snn.flat;

/** What a {@link FlatEntry} holds, and so which section of a {@link ParameterVector} it lives in. */
public enum FlatKind {
  /** A model parameter (float32 section). */
  PARAMETER(false),
  /** A floating-point model buffer such as BatchNorm's running statistics (float32 section). */
  BUFFER(false),
  /** An integer model buffer such as BatchNorm's {@code num_batches_tracked} (counter section, exact). */
  COUNTER(true),
  /** An optimizer state buffer of a parameter: momentum, first/second moments (float32 section). */
  OPTIMIZER_BUFFER(false),
  /** An optimizer's per-parameter step count (counter section, exact). */
  OPTIMIZER_STEP(true);

  private final boolean counter;

  FlatKind(boolean counter) {
    this.counter = counter;
  }

  /** True for entries in the integer counter section, false for the float32 section. */
  public boolean isCounter() {
    return counter;
  }
}
