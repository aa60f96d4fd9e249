package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.nn.HookHandle;
import org.neurospark.snn.nn.Module;

/** Records {@code function(input, inputShape)} before every forward of the monitored modules. */
public final class InputMonitor extends BaseMonitor {
  private final RecordFunction function;

  public InputMonitor(Module net, List<Class<? extends Module>> instances, RecordFunction function) {
    super(net, instances);
    this.function = function;
  }

  public InputMonitor(Module net, Class<? extends Module> instance) {
    this(net, List.of(instance), RecordFunction.identity());
  }

  @Override
  protected HookHandle install(Module m) {
    return m.addForwardPreHook((mod, in) -> record(mod, function.apply(in.toFloatArray(), in.shape())));
  }
}
