package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.nn.HookHandle;
import org.neurospark.snn.nn.Module;

/**
 * Records {@code function(output, outputShape)} after every forward of the monitored modules (SpikingJelly
 * {@code OutputMonitor}), e.g. spikes or per-step firing rates ({@link FiringRates#perStep()}).
 */
public final class OutputMonitor extends BaseMonitor {
  private final RecordFunction function;

  public OutputMonitor(Module net, List<Class<? extends Module>> instances, RecordFunction function) {
    super(net, instances);
    this.function = function;
  }

  /** Records copies of the outputs of every {@code instance} module. */
  public OutputMonitor(Module net, Class<? extends Module> instance) {
    this(net, List.of(instance), RecordFunction.identity());
  }

  @Override
  protected HookHandle install(Module m) {
    return m.addForwardHook((mod, in, out) -> record(mod, function.apply(out.toFloatArray(), out.shape())));
  }
}
