package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.neuron.HookHandle;
import org.neurospark.snn.neuron.Module;

/**
 * Records {@code function(∂L/∂input)} after every backward of the monitored modules (SpikingJelly
 * {@code GradInputMonitor}). The shape passed is {@code [length]} (backward carries no shape).
 */
public final class GradInputMonitor extends BaseMonitor {
  private final RecordFunction function;

  public GradInputMonitor(Module net, List<Class<? extends Module>> instances, RecordFunction function) {
    super(net, instances);
    this.function = function;
  }

  public GradInputMonitor(Module net, Class<? extends Module> instance) {
    this(net, List.of(instance), RecordFunction.identity());
  }

  @Override
  protected HookHandle install(Module m) {
    return m.addBackwardHook((mod, gIn, gOut) -> record(mod, function.apply(gIn, new int[] {gIn.length})));
  }
}
