package org.neurospark.snn.surrogate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds surrogate functions from SpikingJelly-style constructor strings such as {@code Sigmoid(alpha=4)},
 * {@code PiecewiseLeakyReLU(w=1, c=0.01)}, {@code ATan()}, {@code ATan} or {@code Erf(2.0, spiking=False)}, using
 * SpikingJelly's constructor parameter names and defaults. snnTorch's {@code fast_sigmoid(slope=25)} and
 * {@code atan(alpha=2)} (lower case) are the snnTorch variants with strict {@code x > 0} firing.
 */
public final class Surrogates {
  private Surrogates() {}

  /** Parsed constructor arguments: positional values in order plus named values. */
  private static final class Args {
    final String name;
    final List<String> positional = new ArrayList<>();
    final Map<String, String> named = new LinkedHashMap<>();
    final String text;

    Args(String name, String text) {
      this.name = name;
      this.text = text;
    }

    /** Value of parameter {@code key} (position {@code index}) or its default; marks it used. */
    double num(String key, int index, double dflt) {
      String v = named.remove(key);
      if (v == null && index < positional.size()) {
        v = positional.set(index, null);
      }
      if (v == null) {
        return dflt;
      }
      try {
        return Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("surrogate '" + text + "': parameter " + key + " is not a number: " + v);
      }
    }

    boolean bool(String key, int index, boolean dflt) {
      String v = named.remove(key);
      if (v == null && index < positional.size()) {
        v = positional.set(index, null);
      }
      if (v == null) {
        return dflt;
      }
      switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "true":
        case "1":
          return true;
        case "false":
        case "0":
          return false;
        default:
          throw new IllegalArgumentException("surrogate '" + text + "': parameter " + key + " is not a bool: " + v);
      }
    }

    void checkAllUsed() {
      if (!named.isEmpty()) {
        throw new IllegalArgumentException("surrogate '" + text + "': unknown parameter(s) " + named.keySet()
            + " for " + name);
      }
      for (String p : positional) {
        if (p != null) {
          throw new IllegalArgumentException("surrogate '" + text + "': too many positional arguments for " + name);
        }
      }
    }
  }

  private static final Map<String, Function<Args, SurrogateFunction>> FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put("Sigmoid", a -> new Sigmoid(a.num("alpha", 0, 4.0), a.bool("spiking", 1, true)));
    FACTORIES.put("ATan", a -> new ATan(a.num("alpha", 0, 2.0), a.bool("spiking", 1, true)));
    FACTORIES.put("PiecewiseQuadratic",
        a -> new PiecewiseQuadratic(a.num("alpha", 0, 1.0), a.bool("spiking", 1, true)));
    FACTORIES.put("PiecewiseExp", a -> new PiecewiseExp(a.num("alpha", 0, 1.0), a.bool("spiking", 1, true)));
    FACTORIES.put("SoftSign", a -> new SoftSign(a.num("alpha", 0, 2.0), a.bool("spiking", 1, true)));
    FACTORIES.put("Erf", a -> new Erf(a.num("alpha", 0, 2.0), a.bool("spiking", 1, true)));
    FACTORIES.put("SuperSpike", a -> new SuperSpike(a.num("alpha", 0, 1.0), a.bool("spiking", 1, true)));
    FACTORIES.put("NonzeroSignLogAbs",
        a -> new NonzeroSignLogAbs(a.num("alpha", 0, 1.0), a.bool("spiking", 1, true)));
    FACTORIES.put("PiecewiseLeakyReLU", a -> new PiecewiseLeakyReLU(a.num("w", 0, 1.0), a.num("c", 1, 0.01),
        a.bool("spiking", 2, true)));
    FACTORIES.put("SquarewaveFourierSeries", a -> {
      double n = a.num("n", 0, 2);
      if (n != Math.rint(n)) {
        throw new IllegalArgumentException("surrogate '" + a.text + "': n must be an integer, got " + n);
      }
      return new SquarewaveFourierSeries((int) n, a.num("T_period", 1, 8.0), a.bool("spiking", 2, true));
    });
    FACTORIES.put("S2NN", a -> new S2NN(a.num("alpha", 0, 4.0), a.num("beta", 1, 1.0),
        a.bool("spiking", 2, true)));
    FACTORIES.put("QPseudoSpike", a -> new QPseudoSpike(a.num("alpha", 0, 2.0), a.bool("spiking", 1, true)));
    FACTORIES.put("LeakyKReLU", a -> new LeakyKReLU(a.bool("spiking", 0, true), a.num("leak", 1, 0.0),
        a.num("k", 2, 1.0)));
    FACTORIES.put("FakeNumericalGradient", a -> new FakeNumericalGradient(a.num("alpha", 0, 0.3), true));
    FACTORIES.put("LogTailedReLU", a -> new LogTailedReLU(a.num("alpha", 0, 0.0), a.bool("spiking", 1, true)));
    FACTORIES.put("Rect", a -> new Rect(a.num("alpha", 0, 1.0), a.bool("spiking", 1, true)));
    FACTORIES.put("fast_sigmoid", a -> new FastSigmoid(a.num("slope", 0, 25.0), a.bool("spiking", 1, true)));
    FACTORIES.put("atan", a -> new SnnTorchATan(a.num("alpha", 0, 2.0), a.bool("spiking", 1, true)));
  }

  /** Names {@link #parse} accepts, SpikingJelly's first, then snnTorch's. */
  public static List<String> names() {
    return new ArrayList<>(FACTORIES.keySet());
  }

  /**
   * Parses {@code Name}, {@code Name()} or {@code Name(arg, key=value, ...)}.
   *
   * @throws IllegalArgumentException for an unknown name, unknown parameter, or malformed value
   */
  public static SurrogateFunction parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty surrogate function name");
    }
    String s = text.trim();
    int open = s.indexOf('(');
    String name = (open < 0 ? s : s.substring(0, open)).trim();
    if (name.startsWith("surrogate.")) {
      name = name.substring("surrogate.".length());
    }
    Args args = new Args(name, text);
    if (open >= 0) {
      if (!s.endsWith(")")) {
        throw new IllegalArgumentException("surrogate '" + text + "': missing ')'");
      }
      String inner = s.substring(open + 1, s.length() - 1).trim();
      if (!inner.isEmpty()) {
        for (String part : inner.split(",")) {
          String p = part.trim();
          if (p.isEmpty()) {
            throw new IllegalArgumentException("surrogate '" + text + "': empty argument");
          }
          int eq = p.indexOf('=');
          if (eq < 0) {
            if (!args.named.isEmpty()) {
              throw new IllegalArgumentException("surrogate '" + text + "': positional argument after keyword");
            }
            args.positional.add(p);
          } else {
            String key = p.substring(0, eq).trim();
            if (args.named.put(key, p.substring(eq + 1).trim()) != null) {
              throw new IllegalArgumentException("surrogate '" + text + "': parameter " + key + " given twice");
            }
          }
        }
      }
    }
    Function<Args, SurrogateFunction> f = FACTORIES.get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown surrogate function '" + name + "' in '" + text + "'; known: "
          + FACTORIES.keySet());
    }
    SurrogateFunction sf = f.apply(args);
    args.checkAllUsed();
    return sf;
  }
}
