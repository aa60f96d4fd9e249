package org.neurospark.snn.monitor;

import java.util.List;
import org.neurospark.snn.neuron.HasAttributes;
import org.neurospark.snn.nn.HookHandle;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.Tensor;

/**
 * Records a named attribute of the monitored modules ({@link HasAttributes}, e.g. {@code v} or {@code v_seq} of a
 * neuron layer with store_v_seq) before ({@code preForward}) or after every forward (SpikingJelly
 * {@code AttributeMonitor}); the function gets the attribute's values and shape. An attribute that is not set yet
 * (e.g. v before the first input) records nothing.
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
    // runs from the superclass constructor, before preForward is assigned: decide at call time
    HookHandle pre = m.addForwardPreHook((mod, in) -> {
      if (preForward) {
        take(mod);
      }
    });
    HookHandle post = m.addForwardHook((mod, in, out) -> {
      if (!preForward) {
        take(mod);
      }
    });
    return () -> {
      pre.remove();
      post.remove();
    };
  }

  private void take(Module mod) {
    Tensor value = ((HasAttributes) mod).attribute(attribute);
    if (value != null) {
      record(mod, function.apply(value.toFloatArray(), value.shape()));
    }
  }
}
