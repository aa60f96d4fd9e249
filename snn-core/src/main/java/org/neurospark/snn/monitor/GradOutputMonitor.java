package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.neuron.HookHandle;
import org.neurospark.snn.neuron.Module;

/**
 * Records {@code function(∂L/∂output)} after every backward of the monitored modules (SpikingJelly
 * {@code GradOutputMonitor}). The shape passed is {@code [length]}.
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
    return m.addBackwardHook((mod, gIn, gOut) -> record(mod, function.apply(gOut, new int[] {gOut.length})));
  }
}
