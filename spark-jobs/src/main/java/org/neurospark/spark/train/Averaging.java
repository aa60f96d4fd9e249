package org.neurospark.spark.train;

import java.util.Locale;

/** How the workers of {@code spark train} average their state after every K local steps. */
public enum Averaging {
  /** Ring all-reduce between long-lived barrier tasks (sockets; the driver is not on the data path). */
  RING,
  /** One ordinary Spark job per round: broadcast the state, K steps per partition, {@code treeAggregate}. */
  TREE;

  /** The command-line name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code ring} / {@code tree}. */
  public static Averaging parse(String s) {
    for (Averaging a : values()) {
      if (a.id().equalsIgnoreCase(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException("--averaging must be 'ring' or 'tree', not '" + s + "'");
  }
}
