package org.neurospark.snn.neuron.spec;

import java.util.List;
import java.util.Objects;

/**
 * The spec of one surrogate spiking function: its backward derivative g'(x), its primitive g(x) (the forward output
 * when {@code spiking=False}) and its step, x being H − V_th.
 *
 * @param name the snn-core class name, e.g. {@code Sigmoid}
 * @param params parameter names, equal to the keys of {@code SurrogateFunction.parameters()} (SpikingJelly's)
 * @param strictStep true for snnTorch's step Θ(x) = x &gt; 0, false for SpikingJelly's x ≥ 0
 * @param grad g'(params..., x)
 * @param primitive g(params..., x), or null where SpikingJelly defines none
 */
public record SurrogateSpec(String name, List<String> params, boolean strictStep, FunctionSpec grad,
    FunctionSpec primitive) {
  public SurrogateSpec {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(grad, "grad");
  }

  /** The step function this surrogate fires with. */
  public FunctionSpec step() {
    return strictStep ? NeuronMath.STEP_STRICT : NeuronMath.STEP;
  }
}
