package org.neurospark.snn.neuron.dynamics;

/**
 * An element-wise analog output activation (LIAF's {@code act}) and its derivative, float32, as generated from
 * {@code NeuronMath.ACTIVATIONS}: ReLU and Identity in float32 operations, Sigmoid and Tanh in double rounded once.
 */
public enum AnalogActivation {
  /** max(x, 0); derivative 1 for x &gt; 0 else 0 (torch's convention at 0). */
  RELU {
    @Override
    public float apply(float x) {
      return DynamicsMath.reluActivationF(x);
    }

    @Override
    public float derivative(float x) {
      return DynamicsMath.reluActivationGradF(x);
    }
  },
  /** x; derivative 1. */
  IDENTITY {
    @Override
    public float apply(float x) {
      return DynamicsMath.identityActivationF(x);
    }

    @Override
    public float derivative(float x) {
      return DynamicsMath.identityActivationGradF(x);
    }
  },
  /** 1/(1 + e^−x); derivative s·(1 − s). */
  SIGMOID {
    @Override
    public float apply(float x) {
      return DynamicsMath.sigmoidActivationF(x);
    }

    @Override
    public float derivative(float x) {
      return DynamicsMath.sigmoidActivationGradF(x);
    }
  },
  /** tanh(x); derivative 1 − tanh². */
  TANH {
    @Override
    public float apply(float x) {
      return DynamicsMath.tanhActivationF(x);
    }

    @Override
    public float derivative(float x) {
      return DynamicsMath.tanhActivationGradF(x);
    }
  };

  /** The activation of {@code x}. */
  public abstract float apply(float x);

  /** Its derivative at {@code x}. */
  public abstract float derivative(float x);
}
