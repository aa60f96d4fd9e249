package org.neurospark.snn.neuron;

/** A learnable scalar (PLIF's w, KLIF's k) with its accumulated gradient ∂L/∂value. Not thread-safe. */
public final class ScalarParameter {
  private final String name;
  private float value;
  private double grad;

  public ScalarParameter(String name, float value) {
    this.name = name;
    this.value = value;
  }

  public String name() {
    return name;
  }

  public float value() {
    return value;
  }

  public void set(float v) {
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException("parameter " + name + " must be finite, got " + v);
    }
    this.value = v;
  }

  /** Accumulated gradient since the last {@link #zeroGrad()}. */
  public double grad() {
    return grad;
  }

  public void accumulateGrad(double g) {
    grad += g;
  }

  public void zeroGrad() {
    grad = 0;
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
