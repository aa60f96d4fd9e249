package org.neurospark.snn.neuron.spec;

import java.util.List;
import java.util.Objects;

/**
 * One scalar function of the neuron math, written once: {@code name(params..., vars...)}. The emitters produce from
 * it a double form, an fp32 form chosen by {@link #floatForm()} and, where the fp32 operations differ from the double
 * ones (a fused multiply-add), the separate {@link #floatBody()}.
 *
 * @param name the function's name, a Java/C identifier in lowerCamelCase, e.g. {@code sigmoidGrad}
 * @param doc one line saying what the function is (emitted as its comment)
 * @param params per-layer scalar parameters (doubles), in call order
 * @param vars per-element inputs, in call order after the parameters
 * @param body the double-precision definition (and the fp32 one unless {@code floatBody} is given)
 * @param floatForm how the fp32 form computes
 * @param floatBody the fp32 definition when it is not {@code body} with float operations (null otherwise)
 */
public record FunctionSpec(String name, String doc, List<String> params, List<String> vars, Body body,
    FloatForm floatForm, Body floatBody) {
  public FunctionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    params = List.copyOf(params);
    vars = List.copyOf(vars);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(floatForm, "floatForm");
    if (floatBody != null && floatForm != FloatForm.FLOAT_OPS) {
      throw new IllegalArgumentException(name + ": a separate fp32 body needs FLOAT_OPS");
    }
  }

  /** The body the fp32 form evaluates (for {@link FloatForm#FLOAT_OPS}). */
  public Body floatOpsBody() {
    return floatBody != null ? floatBody : body;
  }
}
