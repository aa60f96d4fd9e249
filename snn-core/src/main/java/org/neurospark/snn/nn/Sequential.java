package org.neurospark.snn.nn;

import java.util.ArrayList;
import java.util.List;

/** {@code nn.Sequential}: children "0", "1", ... applied in order. */
public final class Sequential extends Module {
  private final List<Module> layers = new ArrayList<>();

  public Sequential(Module... modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  public Sequential(List<Module> modules) {
    modules.forEach(this::add);
  }

  /** Appends a layer named by its index. */
  public Sequential add(Module m) {
    registerModule(Integer.toString(layers.size()), m);
    layers.add(m);
    return this;
  }

  /** Layer i (negative counts from the end). */
  public Module get(int i) {
    return layers.get(i < 0 ? layers.size() + i : i);
  }

  /** Replaces layer i (negative counts from the end). */
  public void set(int i, Module m) {
    int k = i < 0 ? layers.size() + i : i;
    layers.set(k, m);
    replaceModule(Integer.toString(k), m);
  }

  public int size() {
    return layers.size();
  }

  @Override
  protected org.neurospark.snn.tensor.Tensor doForward(org.neurospark.snn.tensor.Tensor x) {
    org.neurospark.snn.tensor.Tensor y = x;
    for (Module m : layers) {
      y = m.forward(y);
    }
    return y;
  }
}
