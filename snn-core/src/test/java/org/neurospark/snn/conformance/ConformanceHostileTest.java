package org.neurospark.snn.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.testing.SnnShared;

/** Issue 10 row 9: a conformance run cannot pass by accident (shapes, empty arrays, empty lists, paths outside). */
class ConformanceHostileTest {
  @TempDir
  Path dir;

  /** Writes a float64 .npy of {@code shape} holding {@code values}. */
  static Path npy(Path file, double[] values, int... shape) throws IOException {
    StringBuilder s = new StringBuilder("(");
    for (int d : shape) {
      s.append(d).append(',');
    }
    s.append(')');
    StringBuilder h = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': " + s + ", }");
    while ((10 + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), (byte) (h.length() >>> 8)});
    o.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    o.write(b.array());
    return Files.write(file, o.toByteArray());
  }

  private static NdArray golden(String f) throws IOException {
    return new NpyArrayReader().read(SnnShared.spikingjelly().resolve(f));
  }

  private List<CaseResult> run(String cases) throws IOException {
    Files.writeString(dir.resolve("index.json"), "{\"source\": \"test\", \"cases\": [" + cases + "]}");
    return new ConformanceRunner(dir, new NpyArrayReader()).runAll();
  }

  private static String surrogate(String x, String spike, String grad) {
    return "{\"kind\": \"surrogate\", \"name\": \"ATan(alpha=2)\", \"files\": {\"x\": \"" + x + "\", \"spike\": \""
        + spike + "\", \"grad\": \"" + grad + "\"}}";
  }

  @Test
  void emptyOrMisShapedGoldenArraysFail() throws IOException {
    NdArray x = golden("surrogate_ATan.x.npy");
    NdArray spike = golden("surrogate_ATan.spike.npy");
    NdArray grad = golden("surrogate_ATan.grad.npy");
    npy(dir.resolve("x.npy"), x.data(), x.shape());
    npy(dir.resolve("spike.npy"), spike.data(), spike.shape());
    npy(dir.resolve("grad.npy"), grad.data(), grad.shape());
    assertTrue(run(surrogate("x.npy", "spike.npy", "grad.npy")).get(0).passed(), "the faithful copy passes");
    npy(dir.resolve("empty.npy"), new double[0], 0);
    CaseResult r = run(surrogate("empty.npy", "spike.npy", "grad.npy")).get(0);
    assertFalse(r.passed(), "an empty x compares nothing");
    assertTrue(r.detail().contains("no values"), r.detail());
    r = run(surrogate("x.npy", "empty.npy", "grad.npy")).get(0);
    assertFalse(r.passed(), "an empty golden spike array");
    npy(dir.resolve("spike2d.npy"), spike.data(), 1, spike.size());
    r = run(surrogate("x.npy", "spike2d.npy", "grad.npy")).get(0);
    assertFalse(r.passed(), "same values, another shape");
    assertTrue(r.detail().contains("shape"), r.detail());
    double[] longer = java.util.Arrays.copyOf(grad.data(), grad.size() + 5);
    npy(dir.resolve("gradlong.npy"), longer, longer.length);
    assertFalse(run(surrogate("x.npy", "spike.npy", "gradlong.npy")).get(0).passed(), "extra golden values");
  }

  @Test
  void neuronGoldenShapesMustMatchExactly() throws IOException {
    String[] roles = {"x", "grad_out", "spike", "grad_x", "v_final", "v_seq"};
    StringBuilder files = new StringBuilder();
    for (String role : roles) {
      NdArray a = golden("LIF_0_1." + role + ".npy");
      npy(dir.resolve(role + ".npy"), a.data(), a.shape());
      files.append(files.length() > 0 ? ", " : "").append('"').append(role).append("\": \"").append(role)
          .append(".npy\"");
    }
    String lif = "{\"kind\": \"neuron\", \"name\": \"lif\", \"params\": {\"model\": \"LIFNode\", \"tau\": 2.0},"
        + " \"files\": {" + files + "}}";
    assertTrue(run(lif).get(0).passed(), run(lif).get(0).detail());
    NdArray vseq = golden("LIF_0_1.v_seq.npy");
    npy(dir.resolve("v_seq.npy"), vseq.data(), vseq.size()); // flattened: same values, wrong shape
    CaseResult r = run(lif).get(0);
    assertFalse(r.passed());
    assertTrue(r.detail().contains("v_seq") && r.detail().contains("shape"), r.detail());
  }

  @Test
  void anEmptyCaseListFails() {
    IOException e = assertThrows(IOException.class, () -> run(""));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void caseFilesMustLieInsideTheDirectory() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Path inner = Files.createDirectory(dir.resolve("cases"));
    NdArray x = golden("surrogate_ATan.x.npy");
    npy(outside.resolve("x.npy"), x.data(), x.shape());
    for (String bad : new String[] {"../outside/x.npy", outside.resolve("x.npy").toString()}) {
      Files.writeString(inner.resolve("index.json"), "{\"cases\": [" + surrogate(bad, "x.npy", "x.npy") + "]}");
      IOException e = assertThrows(IOException.class, () -> ConformanceIndex.load(inner));
      assertTrue(e.getMessage().contains("outside") || e.getMessage().contains("relative"), e.getMessage());
    }
    Files.createSymbolicLink(inner.resolve("link.npy"), outside.resolve("x.npy"));
    Files.writeString(inner.resolve("index.json"), "{\"cases\": [" + surrogate("link.npy", "x.npy", "x.npy")
        + "]}");
    IOException e = assertThrows(IOException.class, () -> ConformanceIndex.load(inner));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }
}
