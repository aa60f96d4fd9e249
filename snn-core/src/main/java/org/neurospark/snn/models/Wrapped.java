package org.neurospark.snn.models;

import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.Tensor;

/** A network whose body is one named child (SpikingJelly's {@code self.conv_fc = nn.Sequential(...)}). */
public final class Wrapped extends Module {
  private final Module body;

  public Wrapped(String name, Module body) {
    this.body = registerModule(name, body);
  }

  public Module body() {
    return body;
  }

  @Override
  protected Tensor doForward(Tensor x) {
    return body.forward(x);
  }
}
