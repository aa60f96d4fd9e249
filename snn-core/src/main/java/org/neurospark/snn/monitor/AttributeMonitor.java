package org.neurospark.snn.monitor;

import java.util.Arrays;
import java.util.List;
import org.neurospark.snn.neuron.HasAttributes;
import org.neurospark.snn.neuron.HookHandle;
import org.neurospark.snn.neuron.Module;

/**
 * Records a named attribute of the monitored modules ({@link HasAttributes}, e.g. {@code v} or {@code v_seq} of a
 * neuron layer with store_v_seq) before ({@code preForward}) or after every forward (SpikingJelly
 * {@code AttributeMonitor}). The shape passed to the function is the forward input's shape for sequence attributes
 * ({@code *_seq}) and that shape without its first axis in step mode 'm' otherwise. An attribute that is not set
 * yet (e.g. v before the first input) records nothing.
 */
public final class AttributeMonitor extends BaseMonitor {
  private final String attribute;
  private final boolean preForward;
  private final RecordFunction function;

  public AttributeMonitor(String attribute, boolean preForward, Module net, List<Class<? extends Module>> instances,
      RecordFunction function) {
    super(net, instances);
    this.attribute = attribute;
    this.preForward = preForward;
    this.function = function;
  }

  public AttributeMonitor(String attribute, Module net, Class<? extends Module> instance) {
    this(attribute, false, net, List.of(instance), RecordFunction.identity());
  }

  @Override
  protected HookHandle install(Module m) {
    if (!(m instanceof HasAttributes)) {
      throw new IllegalArgumentException(m.getClass().getSimpleName() + " has no attributes to monitor");
    }
    HookHandle pre = m.addPreForwardHook((mod, in, shape) -> {
      if (preForward) {
        take(mod, shape);
      }
    });
    HookHandle post = m.addForwardHook((mod, in, shape, out) -> {
      if (!preForward) {
        take(mod, shape);
      }
    });
    return () -> {
      pre.remove();
      post.remove();
    };
  }

  private void take(Module mod, int[] inputShape) {
    float[] value = ((HasAttributes) mod).attribute(attribute);
    if (value == null) {
      return;
    }
    int[] shape = attribute.endsWith("_seq") || mod.stepMode() == 's' || inputShape.length < 2 ? inputShape
        : Arrays.copyOfRange(inputShape, 1, inputShape.length);
    record(mod, function.apply(value, shape));
  }
}
