package org.neurospark.snn.models;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.neuron.NeuronFactory;

/**
 * Which spiking neuron a model zoo network uses: a SpikingJelly class name plus keyword arguments
 * ({@link org.neurospark.snn.neuron.NeuronFactory}). Every call to {@link #create} builds a fresh layer (like
 * {@code spiking_neuron(**deepcopy(kwargs))}).
 */
public final class NeuronChoice {
  private final String model;
  private final Map<String, Object> kwargs;

  public NeuronChoice(String model, Map<String, Object> kwargs) {
    this.model = model;
    this.kwargs = new LinkedHashMap<>(kwargs);
  }

  /** A new neuron layer. */
  public BaseNode create() {
    return NeuronFactory.create(model, kwargs);
  }

  public String model() {
    return model;
  }

  /**
   * Parses a short name: {@code IF} (IFNode, ATan), {@code LIF} (LIFNode tau 2, ATan), {@code PLIF}
   * (ParametricLIFNode init_tau 2, ATan), optionally with {@code :detach} for detach_reset; or a full class name.
   */
  public static NeuronChoice parse(String spec) {
    String[] parts = spec.split(":");
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("surrogate_function", "ATan()");
    String model;
    switch (parts[0].toUpperCase(java.util.Locale.ROOT)) {
      case "IF":
      case "IFNODE":
        model = "IFNode";
        break;
      case "LIF":
      case "LIFNODE":
        model = "LIFNode";
        kw.put("tau", 2.0);
        break;
      case "PLIF":
      case "PARAMETRICLIFNODE":
        model = "ParametricLIFNode";
        kw.put("init_tau", 2.0);
        break;
      default:
        throw new IllegalArgumentException("unknown neuron '" + spec + "' (IF, LIF, PLIF, optionally ':detach')");
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].equals("detach")) {
        kw.put("detach_reset", true);
      } else {
        throw new IllegalArgumentException("unknown neuron option '" + parts[i] + "'");
      }
    }
    return new NeuronChoice(model, kw);
  }

  @Override
  public String toString() {
    return model + kwargs;
  }
}
