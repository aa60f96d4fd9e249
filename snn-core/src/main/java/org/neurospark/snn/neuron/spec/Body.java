package org.neurospark.snn.neuron.spec;

import java.util.List;
import java.util.Objects;

/** A function body: local bindings in order, then the result expression. */
public record Body(List<Binding> bindings, Expr result) {
  public Body {
    bindings = List.copyOf(bindings);
    Objects.requireNonNull(result, "result");
  }

  /** A body without locals. */
  public static Body of(Expr result) {
    return new Body(List.of(), result);
  }
}
