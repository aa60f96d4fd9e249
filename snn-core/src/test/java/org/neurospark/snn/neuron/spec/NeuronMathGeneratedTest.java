package org.neurospark.snn.neuron.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java neuron math ({@code SurrogateMath}, {@code DynamicsMath}) is generated from {@link NeuronMath} and checked
 * in. This test regenerates it and fails when a checked-in copy differs, so neither the spec nor the generated code
 * can be edited alone. With {@code -Dneurospark.regenerate=true} it rewrites the checked-in copies instead.
 */
class NeuronMathGeneratedTest {
  private static final Path ROOT = Path.of("src/main/java");

  @Test
  void checkedInJavaIsWhatTheSpecGenerates() throws IOException {
    assertTrue(Files.isDirectory(ROOT.resolve("org/neurospark/snn/neuron/spec")),
        "run from the snn-core module folder: " + ROOT.toAbsolutePath());
    boolean regenerate = Boolean.getBoolean("neurospark.regenerate");
    for (Map.Entry<String, String> e : NeuronMathGenerator.sources().entrySet()) {
      Path file = ROOT.resolve(e.getKey());
      if (regenerate) {
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      }
      String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
      assertTrue(e.getValue().length() > 1000, e.getKey() + ": generated almost nothing");
      assertEquals(e.getValue(), checkedIn, e.getKey() + " has drifted from NeuronMath: regenerate with "
          + "mvn -pl snn-core test -Dtest=NeuronMathGeneratedTest -Dneurospark.regenerate=true, or "
          + "java -cp snn-core/target/classes org.neurospark.snn.neuron.spec.NeuronMathGenerator snn-core/src/main/java");
    }
  }

  @Test
  void everySurrogateClassHasASpecAndTheGeneratedCodeCallsNoHandWrittenFormula() throws IOException {
    for (String name : org.neurospark.snn.surrogate.Surrogates.names()) {
      String cls = org.neurospark.snn.surrogate.Surrogates.parse(name).getClass().getSimpleName();
      SurrogateSpec spec = NeuronMath.surrogate(cls);
      assertEquals(cls, spec.name());
    }
    String generated = NeuronMathGenerator.sources().get("org/neurospark/snn/surrogate/SurrogateMath.java");
    assertTrue(!generated.contains("SpecialFunctions"), "erfc is generated too");
  }
}
