package org.neurospark.snn.neuron.spec;

import java.util.List;
import java.util.Objects;

/**
 * The spec of one charge equation H[t] = f(V[t−1], X[t]) and the partial derivatives BPTT needs (functions of
 * V[t−1] = v and, for ∂H/∂θ, H[t] = h).
 *
 * @param name a lowerCamelCase name, e.g. {@code lifDecayInput}
 * @param params the per-layer parameters, in call order
 * @param charge H(params..., v, x)
 * @param dHdV ∂H/∂V(params..., v)
 * @param dHdX ∂H/∂X(params..., v)
 * @param dHdTheta ∂H/∂θ(params..., v, h) of the learnable scalar, or null
 */
public record ChargeSpec(String name, List<String> params, FunctionSpec charge, FunctionSpec dHdV,
    FunctionSpec dHdX, FunctionSpec dHdTheta) {
  public ChargeSpec {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(charge, "charge");
    Objects.requireNonNull(dHdV, "dHdV");
    Objects.requireNonNull(dHdX, "dHdX");
  }

  /** charge, dHdV, dHdX and (if any) dHdTheta. */
  public List<FunctionSpec> functions() {
    return dHdTheta == null ? List.of(charge, dHdV, dHdX) : List.of(charge, dHdV, dHdX, dHdTheta);
  }
}
