package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.nn.HookHandle;
import org.neurospark.snn.nn.Module;

/**
 * Records {@code function(∂L/∂input, inputShape)} in the backward pass of every forward call of the monitored
 * modules (SpikingJelly {@code GradInputMonitor}, through {@link Module#addBackwardHook}); nothing is recorded
 * when the module's input did not require grad.
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
    return m.addBackwardHook((mod, gIn, gOut) -> {
      if (gIn != null) {
        record(mod, function.apply(gIn.toFloatArray(), gIn.shape()));
      }
    });
  }
}
