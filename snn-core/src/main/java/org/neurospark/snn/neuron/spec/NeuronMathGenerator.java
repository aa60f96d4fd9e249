package org.neurospark.snn.neuron.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates the Java CPU code of the neuron math from {@link NeuronMath}: {@code surrogate/SurrogateMath.java} and
 * {@code neuron/dynamics/DynamicsMath.java}, and their SIMD forms {@code surrogate/VectorSurrogateMath.java} and
 * {@code neuron/kernels/VectorDynamicsMath.java} ({@link VectorEmitter}). The generated files are checked in; {@code NeuronMathGeneratedTest}
 * fails when they differ from what this generator writes.
 */
public final class NeuronMathGenerator {
  private NeuronMathGenerator() {}

  /** The generated sources, keyed by their path relative to a Java source root. */
  public static Map<String, String> sources() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("org/neurospark/snn/surrogate/SurrogateMath.java", JavaEmitter.emitClass("org.neurospark.snn.surrogate",
        "SurrogateMath", "The surrogate functions' derivatives, primitives and steps (SpikingJelly and snnTorch).",
        NeuronMath.surrogateFunctions()));
    out.put("org/neurospark/snn/neuron/dynamics/DynamicsMath.java", JavaEmitter.emitClass(
        "org.neurospark.snn.neuron.dynamics", "DynamicsMath",
        "The charge equations, their partial derivatives and the reset equations of the neuron models.",
        NeuronMath.dynamicsFunctions()));
    out.put("org/neurospark/snn/surrogate/VectorSurrogateMath.java", VectorEmitter.emitClass(
        "org.neurospark.snn.surrogate", "VectorSurrogateMath",
        "SIMD forms of the surrogate functions' float32 math (derivatives, primitives and steps).",
        NeuronMath.surrogateFunctions()));
    out.put("org/neurospark/snn/neuron/kernels/VectorDynamicsMath.java", VectorEmitter.emitClass(
        "org.neurospark.snn.neuron.kernels", "VectorDynamicsMath",
        "SIMD forms of the float32 charge, reset and BPTT equations of the neuron models (and the step).",
        vectorDynamics()));
    return out;
  }

  /** The functions of the kernels' SIMD class: the dynamics, and the step that fires. */
  private static java.util.List<FunctionSpec> vectorDynamics() {
    java.util.List<FunctionSpec> all = new java.util.ArrayList<>(NeuronMath.dynamicsFunctions());
    all.add(NeuronMath.STEP);
    return all;
  }

  /**
   * Writes the generated sources under a Java source root.
   *
   * @param args the source root (default {@code snn-core/src/main/java})
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "snn-core/src/main/java");
    for (Map.Entry<String, String> e : sources().entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
    }
  }
}
