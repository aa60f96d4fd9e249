package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.nn.HookHandle;
import org.neurospark.snn.nn.Module;

/**
 * Records {@code function(∂L/∂output, outputShape)} in the backward pass of every forward call of the monitored
 * modules (SpikingJelly {@code GradOutputMonitor}, through {@link Module#addBackwardHook}).
 */
public final class GradOutputMonitor extends BaseMonitor {
  private final RecordFunction function;

  public GradOutputMonitor(Module net, List<Class<? extends Module>> instances, RecordFunction function) {
    super(net, instances);
    this.function = function;
  }

  public GradOutputMonitor(Module net, Class<? extends Module> instance) {
    this(net, List.of(instance), RecordFunction.identity());
  }

  @Override
  protected HookHandle install(Module m) {
    return m.addBackwardHook((mod, gIn, gOut) -> record(mod, function.apply(gOut.toFloatArray(), gOut.shape())));
  }
}
