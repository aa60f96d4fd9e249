package org.neurospark.snn.neuron;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.surrogate.Surrogates;

/**
 * Builds neuron layers from a SpikingJelly class name and its constructor keyword arguments, as a golden-case index
 * or a config file spells them: {@code IFNode}, {@code LIFNode}, {@code ParametricLIFNode}, {@code QIFNode},
 * {@code EIFNode}, {@code IzhikevichNode}, {@code KLIFNode}, {@code LIAFNode}. Values may be Numbers, Booleans or
 * Strings; {@code v_reset: null} means soft reset; {@code surrogate}/{@code surrogate_function} is a
 * {@link Surrogates#parse} string. Missing keys take SpikingJelly's defaults; unknown keys are an error.
 */
public final class NeuronFactory {
  private NeuronFactory() {}

  /** Model names {@link #create} knows. */
  public static List<String> models() {
    return List.of("IFNode", "LIFNode", "ParametricLIFNode", "QIFNode", "EIFNode", "IzhikevichNode", "KLIFNode",
        "LIAFNode");
  }

  /** Reads typed values and remembers which keys were used. */
  private static final class Params {
    final String model;
    final Map<String, Object> map;
    final Set<String> used = new HashSet<>();

    Params(String model, Map<String, Object> map) {
      this.model = model;
      this.map = new LinkedHashMap<>(map);
      used.add("model");
      used.add("backend");
    }

    boolean has(String key) {
      return map.containsKey(key);
    }

    double num(String key, double dflt) {
      used.add(key);
      Object v = map.get(key);
      if (v == null) {
        if (map.containsKey(key)) {
          throw new IllegalArgumentException(model + ": " + key + " must not be null");
        }
        return dflt;
      }
      if (v instanceof Number) {
        return ((Number) v).doubleValue();
      }
      try {
        return Double.parseDouble(v.toString());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(model + ": " + key + " is not a number: " + v);
      }
    }

    /** A nullable number: absent → dflt; explicit null → null. */
    Double nullableNum(String key, Double dflt) {
      used.add(key);
      if (!map.containsKey(key)) {
        return dflt;
      }
      Object v = map.get(key);
      if (v == null || "None".equals(v) || "null".equals(v)) {
        return null;
      }
      return num(key, 0);
    }

    boolean bool(String key, boolean dflt) {
      used.add(key);
      Object v = map.get(key);
      if (v == null) {
        return dflt;
      }
      if (v instanceof Boolean) {
        return (Boolean) v;
      }
      String s = v.toString();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
      throw new IllegalArgumentException(model + ": " + key + " is not a boolean: " + v);
    }

    char stepMode() {
      used.add("step_mode");
      Object v = map.get("step_mode");
      if (v == null) {
        return 's';
      }
      String s = v.toString();
      if (!s.equals("s") && !s.equals("m")) {
        throw new IllegalArgumentException(model + ": step_mode must be 's' or 'm', got " + s);
      }
      return s.charAt(0);
    }

    SurrogateFunction surrogate() {
      used.add("surrogate");
      used.add("surrogate_function");
      Object v = map.containsKey("surrogate_function") ? map.get("surrogate_function") : map.get("surrogate");
      return v == null ? null : Surrogates.parse(v.toString());
    }

    void checkAllUsed() {
      for (String k : map.keySet()) {
        if (!used.contains(k)) {
          throw new IllegalArgumentException(model + ": unknown parameter '" + k + "'");
        }
      }
    }
  }

  /** Creates a neuron layer; see the class comment for the accepted keys. */
  public static BaseNode create(String model, Map<String, Object> params) {
    Params p = new Params(model, params == null ? Map.of() : params);
    SurrogateFunction sg = p.surrogate();
    boolean detach = p.bool("detach_reset", false);
    char mode = p.stepMode();
    boolean storeV = p.bool("store_v_seq", false);
    BaseNode node;
    switch (model) {
      case "IFNode":
        node = new IFNode(p.num("v_threshold", 1.0), p.nullableNum("v_reset", 0.0), sg, detach, mode, storeV);
        break;
      case "LIFNode":
        node = new LIFNode(p.num("tau", 2.0), p.bool("decay_input", true), p.num("v_threshold", 1.0),
            p.nullableNum("v_reset", 0.0), sg, detach, mode, storeV);
        break;
      case "ParametricLIFNode":
        node = new ParametricLIFNode(p.num("init_tau", 2.0), p.bool("decay_input", true),
            p.num("v_threshold", 1.0), p.nullableNum("v_reset", 0.0), sg, detach, mode, storeV);
        break;
      case "QIFNode":
        node = new QIFNode(p.num("tau", 2.0), p.num("v_c", 0.8), p.num("a0", 1.0), p.num("v_threshold", 1.0),
            p.num("v_rest", 0.0), p.nullableNum("v_reset", -0.1), sg, detach, mode, storeV);
        break;
      case "EIFNode":
        node = new EIFNode(p.num("tau", 2.0), p.num("delta_T", 1.0), p.num("theta_rh", 0.8),
            p.num("v_threshold", 1.0), p.num("v_rest", 0.0), p.nullableNum("v_reset", -0.1), sg, detach, mode,
            storeV);
        break;
      case "IzhikevichNode":
        node = new IzhikevichNode(p.num("tau", 2.0), p.num("v_c", 0.8), p.num("a0", 1.0),
            p.num("v_threshold", 1.0), p.nullableNum("v_reset", 0.0), p.num("v_rest", -0.1), p.num("w_rest", 0.0),
            p.num("tau_w", 2.0), p.num("a", 0.0), p.num("b", 0.0), sg, detach, mode, storeV);
        break;
      case "KLIFNode":
        node = new KLIFNode(p.bool("scale_reset", false), p.num("tau", 2.0), p.bool("decay_input", true),
            p.num("v_threshold", 1.0), p.nullableNum("v_reset", 0.0), sg, detach, mode, storeV);
        break;
      case "LIAFNode": {
        Object act = p.map.get("act");
        p.used.add("act");
        node = new LIAFNode(LiafActivation.parse(act == null ? "ReLU" : act.toString()),
            p.bool("threshold_related", true), p.num("tau", 2.0), p.bool("decay_input", true),
            p.num("v_threshold", 1.0), p.nullableNum("v_reset", 0.0), sg, detach, mode, storeV);
        break;
      }
      default:
        throw new IllegalArgumentException("unknown neuron model '" + model + "'; known: " + models());
    }
    p.checkAllUsed();
    return node;
  }
}
