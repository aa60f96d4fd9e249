package org.neurospark.snn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;
import org.neurospark.snn.testing.SnnShared;

/** Runs the shared SpikingJelly golden set (surrogate + neuron cases) . */
class ConformanceTest {

  @Test
  void everySurrogateAndNeuronCasePasses() throws IOException {
    List<CaseResult> results = new ConformanceRunner(SnnShared.spikingjelly(), new NpyArrayReader()).runAll();
    int surrogates = 0;
    int neurons = 0;
    for (CaseResult r : results) {
      if (r.kind().equals("surrogate") || r.kind().equals("neuron")) {
        assertTrue(r.passed(), r.kind() + " " + r.name() + ": " + r.detail());
        assertTrue(r.maxError() <= ConformanceRunner.RTOL, r.name());
        if (r.kind().equals("surrogate")) {
          surrogates++;
        } else {
          neurons++;
        }
      } else {
        assertTrue(r.kind().equals("network") && r.passed(), r.kind() + " " + r.name() + ": " + r.detail());
      }
    }
    assertEquals(10, surrogates);
    assertEquals(46, neurons);
  }

  /**
   * On the sealed backend (inputs uploaded, modules moved, results downloaded to compare) every case passes at the
   * CPU's tolerances, KLIF and Izhikevich included (their kernels run behind {@code NeuronModelKernels}); nothing is
   * skipped or unsupported.
   */
  @Test
  void onTheSealedBackendEveryCasePasses() throws IOException {
    SealedBackend sealed = new SealedBackend();
    ConformanceRunner runner = new ConformanceRunner(SnnShared.spikingjelly(), new NpyArrayReader(), sealed);
    assertEquals(sealed, runner.backend());
    List<CaseResult> results = runner.runAll();
    assertEquals(57, results.size());
    for (CaseResult r : results) {
      assertTrue(r.passed(), r.name() + ": " + r.detail());
      assertEquals(false, r.unsupported(), r.name());
    }
    assertTrue(results.stream().anyMatch(r -> r.name().equals("KLIF_default")), "KLIF is among the cases");
    assertTrue(results.stream().anyMatch(r -> r.name().equals("Izhikevich_default")), "Izhikevich too");
    assertTrue(sealed.uploads() > 57 && sealed.downloads() > 57, "inputs went up, results came down");
  }

  /** A set in the same format with one corrupted golden gradient and one unknown model must fail those cases. */
  @Test
  void wrongGoldenValuesAndUnknownModelsFail(@TempDir Path dir) throws IOException {
    Path src = SnnShared.spikingjelly();
    for (String f : new String[] {"LIF_0_1.x.npy", "LIF_0_1.grad_out.npy", "LIF_0_1.spike.npy", "LIF_0_1.v_seq.npy",
        "LIF_0_1.v_final.npy", "surrogate_ATan.x.npy", "surrogate_ATan.spike.npy", "surrogate_ATan.grad.npy"}) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    // grad_x of another case (IF) is wrong for LIF
    Files.copy(src.resolve("IF_0.grad_x.npy"), dir.resolve("LIF_0_1.grad_x.npy"));
    String lif = "\"x\": \"LIF_0_1.x.npy\", \"grad_out\": \"LIF_0_1.grad_out.npy\", \"spike\": \"LIF_0_1.spike.npy\","
        + " \"grad_x\": \"LIF_0_1.grad_x.npy\", \"v_final\": \"LIF_0_1.v_final.npy\", \"v_seq\": \"LIF_0_1.v_seq.npy\"";
    String sg = "\"x\": \"surrogate_ATan.x.npy\", \"spike\": \"surrogate_ATan.spike.npy\","
        + " \"grad\": \"surrogate_ATan.grad.npy\"";
    String index = "{\"source\": \"test\", \"cases\": ["
        + "{\"kind\": \"surrogate\", \"name\": \"ATan(alpha=2)\", \"files\": {" + sg + "}},"
        + "{\"kind\": \"surrogate\", \"name\": \"ATan(alpha=3)\", \"files\": {" + sg + "}},"
        + "{\"kind\": \"neuron\", \"name\": \"lif\", \"params\": {\"model\": \"LIFNode\", \"tau\": 2.0},"
        + " \"files\": {" + lif + "}},"
        + "{\"kind\": \"neuron\", \"name\": \"nope\", \"params\": {\"model\": \"FooNode\"}, \"files\": {" + lif + "}},"
        + "{\"kind\": \"encoder\", \"name\": \"poisson\", \"files\": {}}]}";
    Files.writeString(dir.resolve("index.json"), index);
    for (Backend b : new Backend[] {CpuBackend.INSTANCE, new SealedBackend()}) {
      wrongCasesFail(new ConformanceRunner(dir, new NpyArrayReader(), b).runAll());
    }
  }

  private static void wrongCasesFail(List<CaseResult> r) {
    assertTrue(r.get(0).passed(), r.get(0).detail());
    assertFalse(r.get(1).passed());
    assertFalse(r.get(2).passed());
    assertTrue(r.get(2).detail().contains("grad_x"), r.get(2).detail());
    assertFalse(r.get(3).passed());
    assertTrue(r.get(3).detail().contains("FooNode"), r.get(3).detail());
    assertFalse(r.get(4).passed());
    assertTrue(r.get(4).detail().contains("not supported"), r.get(4).detail());
  }
}
