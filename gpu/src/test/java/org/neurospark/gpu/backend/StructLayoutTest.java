package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.AdamParams;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.SgdParams;

/**
 * The by-value kernel structs as the CUDA compiler lays them out ({@code src/test/cuda/layout_check.cu}, compiled for
 * the host by nvcc) against the bytes {@link TensorDesc} and {@link Structs} pack. Skips visibly without nvcc.
 */
class StructLayoutTest {
  @Test
  void javaPackingMatchesTheCudaLayout() throws Exception {
    Path cuda = Path.of(System.getProperty("gpu.cuda.src", "src/main/cuda"));
    Path src = cuda.resolve("../../test/cuda/layout_check.cu").normalize();
    Path work = Path.of(System.getProperty("gpu.test.work", "target/host-check"));
    Files.createDirectories(work);
    Path exe = work.resolve("layout_check");
    Process cc;
    try {
      cc = new ProcessBuilder("nvcc", "-arch=sm_80", "-std=c++17", "-o", exe.toString(), src.toString())
          .redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.assumeTrue(false, "nvcc not found: struct layout check skipped (" + e.getMessage() + ")");
      return;
    }
    String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cc.waitFor(180, TimeUnit.SECONDS) && cc.exitValue() == 0, "nvcc failed:\n" + log);
    Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, run.waitFor(), out);
    Map<String, long[]> m = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split(" ");
      long[] v = new long[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        v[i - 1] = Long.parseLong(f[i]);
      }
      m.put(f[0], v);
    }
    assertEquals(TensorDesc.BYTES, m.get("TDesc")[0], "sizeof(TDesc)");
    assertEquals(8, m.get("TDesc")[1], "offsetof(TDesc, shape)");
    assertEquals(8 + 8 * TensorDesc.MAX_DIMS, m.get("TDesc")[2], "offsetof(TDesc, stride)");
    assertEquals(TensorDesc.BYTES - 8, m.get("TDesc")[3], "offsetof(TDesc, offset)");
    byte[] conv = Structs.conv(1, 2, 3, 4, 5, ConvParams.of(1, 0, 1, 1), 6, 7, 8);
    assertEquals(conv.length, m.get("ConvGeom")[0]);
    assertEquals(conv.length - 4, m.get("ConvGeom")[1], "nb is the last int");
    byte[] pool = Structs.pool(4, 4, 2, 2, PoolParams.of(2, 2, 0));
    assertEquals(pool.length, m.get("PoolGeom")[0]);
    assertEquals(pool.length - 4, m.get("PoolGeom")[1]);
    AdamParams a = new AdamParams(1e-3, 0.9, 0.999, 1e-8, 0, false);
    assertEquals(Structs.adamF(a, 1, false).length, m.get("ns_adam_f")[0]);
    assertEquals(Structs.adamF(a, 1, false).length - 4, m.get("ns_adam_f")[1]);
    assertEquals(Structs.adamD(a, 1, false).length, m.get("ns_adam_d")[0]);
    assertEquals(Structs.adamD(a, 1, false).length - 4, m.get("ns_adam_d")[1]);
    SgdParams s = new SgdParams(0.1, 0, 0, 0, false);
    assertEquals(Structs.sgdF(s, true).length, m.get("ns_sgd_f")[0]);
    assertEquals(Structs.sgdF(s, true).length - 4, m.get("ns_sgd_f")[1]);
    assertEquals(Structs.sgdD(s, true).length, m.get("ns_sgd_d")[0]);
    assertEquals(Structs.sgdD(s, true).length - 4, m.get("ns_sgd_d")[1]);
  }
}
