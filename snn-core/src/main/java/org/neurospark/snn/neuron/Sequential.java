package org.neurospark.snn.neuron;

import java.util.ArrayList;
import java.util.List;

/**
 * Chains modules (children named "0", "1", ...): forward feeds each output to the next module, backward runs in
 * reverse. Shapes follow {@link Module#outputShape}.
 */
public final class Sequential extends Module {
  private final List<Module> layers = new ArrayList<>();

  public Sequential(Module... modules) {
    for (Module m : modules) {
      layers.add(register(Integer.toString(layers.size()), m));
    }
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    int[] s = inputShape;
    for (Module m : layers) {
      s = m.outputShape(s);
    }
    return s;
  }

  @Override
  protected float[] doForward(float[] input, int[] shape) {
    float[] x = input;
    int[] s = shape;
    for (Module m : layers) {
      float[] y = m.forward(x, s);
      s = m.outputShape(s);
      x = y;
    }
    return x;
  }

  @Override
  protected float[] doBackward(float[] gradOutput) {
    float[] g = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g);
    }
    return g;
  }
}
