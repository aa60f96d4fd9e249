package org.neurospark.spark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small GNU-style argument parser: {@code --name value}, {@code --name=value}, short aliases such as {@code -T},
 * and boolean switches. Every flag must be declared; unknown flags, missing values and repeated flags are
 * {@link UsageException}s.
 */
public final class Args {
  private final Map<String, String> aliases = new LinkedHashMap<>();
  private final Set<String> switches = new LinkedHashSet<>();
  private final Set<String> valued = new LinkedHashSet<>();
  private final Map<String, String> values = new LinkedHashMap<>();

  /** Declares {@code --name VALUE} (with optional short aliases such as {@code "-T"}). */
  public Args option(String name, String... shortAliases) {
    valued.add(name);
    aliases.put(name, name);
    for (String a : shortAliases) {
      aliases.put(a, name);
    }
    return this;
  }

  /** Declares a boolean switch {@code --name}. */
  public Args flag(String name) {
    switches.add(name);
    aliases.put(name, name);
    return this;
  }

  /** Parses {@code argv}; positional arguments are not accepted. */
  public Args parse(List<String> argv) {
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      String inline = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        inline = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      String name = aliases.get(a);
      if (name == null) {
        throw new UsageException("unknown option '" + a + "' (known: " + String.join(", ", knownNames()) + ")");
      }
      if (values.containsKey(name)) {
        throw new UsageException("option " + name + " given twice");
      }
      if (switches.contains(name)) {
        if (inline != null) {
          throw new UsageException("option " + name + " takes no value");
        }
        values.put(name, "true");
      } else {
        if (inline == null) {
          if (i + 1 >= argv.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          inline = argv.get(++i);
        }
        values.put(name, inline);
      }
    }
    return this;
  }

  private List<String> knownNames() {
    return new ArrayList<>(aliases.keySet());
  }

  /** True when the switch or option was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of {@code name}, or {@code dflt} when absent. */
  public String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  /** The value of a required option. */
  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException("missing required option " + name);
    }
    return v;
  }

  /** An integer option, or {@code dflt} when absent. */
  public int intValue(String name, int dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option " + name + " needs an integer, not '" + v + "'");
    }
  }

  /** A long option, or {@code dflt} when absent. */
  public long longValue(String name, long dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option " + name + " needs an integer, not '" + v + "'");
    }
  }
}
