package org.neurospark.snn.neuron;

import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.tensor.Tensor;

/**
 * A learnable scalar (PLIF's w, KLIF's k), stored as a float32 tensor of shape [1] that requires grad, so that the
 * engine's optimizers can update it; the owning module registers {@link #tensor()} as a parameter and autograd
 * accumulates ∂L/∂value into {@code tensor().grad()}. Not thread-safe.
 */
public final class ScalarParameter {
  private final String name;
  private final Tensor tensor;
  private java.util.function.Supplier<Tensor> source;

  public ScalarParameter(String name, float value) {
    this.name = name;
    this.tensor = Tensor.fromArray(new float[] {value}, 1).requiresGrad(true);
  }

  public String name() {
    return name;
  }

  /**
   * The parameter tensor (shape [1], float32, requires grad): the one its module holds now (after
   * {@link org.neurospark.snn.nn.Module#to(org.neurospark.snn.tensor.Backend)} the moved copy).
   */
  public Tensor tensor() {
    if (source != null) {
      Tensor t = source.get();
      if (t != null) {
        return t;
      }
    }
    return tensor;
  }

  /** Reads the tensor from its owner's parameter table from now on (so a moved module's scalar follows it). */
  void bind(java.util.function.Supplier<Tensor> owner) {
    this.source = owner;
  }

  public float value() {
    return (float) tensor().item();
  }

  public void set(float v) {
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException("parameter " + name + " must be finite, got " + v);
    }
    try (GradMode.Scope s = GradMode.noGrad()) {
      tensor().set(v, 0);
    }
  }

  /** Accumulated gradient since the last {@link #zeroGrad()} (0 if none). */
  public double grad() {
    Tensor g = tensor().grad();
    return g == null ? 0 : g.item();
  }

  public void zeroGrad() {
    tensor().setGrad(null);
  }

  @Override
  public String toString() {
    return name + "=" + value();
  }
}
