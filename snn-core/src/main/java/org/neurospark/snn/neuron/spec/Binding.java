package org.neurospark.snn.neuron.spec;

import java.util.Objects;

/** A local value of a {@link Body}: later bindings and the result refer to it as {@code Expr.Var(name)}. */
public sealed interface Binding {
  /** The local's name (a valid Java and C identifier). */
  String name();

  /** {@code name = value}. */
  record Let(String name, Expr value) implements Binding {
    public Let {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * {@code name = Σ term} for the integer index {@code index} from {@code from} while {@code index < toExclusive}
   * (a parameter expression), summed left to right starting from 0; the term sees the index as a double variable.
   */
  record Sum(String name, String index, int from, Expr toExclusive, Expr term) implements Binding {
    public Sum {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(toExclusive, "toExclusive");
      Objects.requireNonNull(term, "term");
    }
  }
}
