package org.neurospark.gpu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpu/build-kernels.sh} with a stand-in nvcc (a script that records its calls and writes a placeholder
 * image): builds without nvcc, records the same hash as {@link KernelImages#sourceHash}, skips unchanged modules and
 * rebuilds every module when a header or the flags change.
 */
class BuildKernelsScriptTest {
  private static final Path SRC = Path.of(System.getProperty("gpu.cuda.src", "src/main/cuda"));
  private static final Path SCRIPT = SRC.resolve("../../../build-kernels.sh").normalize();

  private static String run(Path src, Path out, String nvcc) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), src.toString(), out.toString())
        .redirectErrorStream(true);
    pb.environment().put("NVCC", nvcc);
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "build-kernels.sh hung");
    assertEquals(0, p.exitValue(), log);
    return log;
  }

  private static Path copySources(Path dir) throws Exception {
    Path src = Files.createDirectories(dir.resolve("cuda"));
    List<String> files = new ArrayList<>(KernelImages.HEADERS);
    KernelImages.MODULES.forEach(m -> files.add(m + ".cu"));
    files.add(KernelImages.FLAGS_FILE);
    for (String f : files) {
      Files.copy(SRC.resolve(f), src.resolve(f));
    }
    return src;
  }

  @Test
  void withoutNvccNothingIsBuiltAndTheBuildGoesOn(@TempDir Path dir) throws Exception {
    Path src = copySources(dir);
    Path out = dir.resolve("out");
    String log = run(src, out, dir.resolve("no-such-nvcc").toString());
    assertTrue(log.contains("nvcc not found"), log);
    for (String m : KernelImages.MODULES) {
      assertFalse(Files.exists(out.resolve(m + ".fatbin")), m);
    }
  }

  @Test
  void rebuildsExactlyWhenTheHashedInputsChange(@TempDir Path dir) throws Exception {
    Path src = copySources(dir);
    Path out = dir.resolve("out");
    Path calls = dir.resolve("calls.txt");
    Path fake = dir.resolve("fake-nvcc");
    // writes the file after -o and logs the compiled source (the last argument)
    Files.writeString(fake, "#!/usr/bin/env bash\nout=''\nprev=''\nfor a in \"$@\"; do [[ $prev == -o ]] && out=$a; "
        + "prev=$a; done\necho image > \"$out\"\necho \"${@: -1}\" >> '" + calls + "'\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    run(src, out, fake.toString());
    assertEquals(KernelImages.MODULES.size(), Files.readAllLines(calls).size());
    for (String m : KernelImages.MODULES) {
      List<byte[]> hs = new ArrayList<>();
      for (String h : KernelImages.HEADERS) {
        hs.add(Files.readAllBytes(src.resolve(h)));
      }
      String want = KernelImages.sourceHash(Files.readAllBytes(src.resolve(m + ".cu")), hs,
          Files.readAllBytes(src.resolve(KernelImages.FLAGS_FILE)));
      assertEquals(want, Files.readString(out.resolve(m + ".sha256")), m + ": script and loader hash alike");
    }
    String log = run(src, out, fake.toString());
    assertEquals(KernelImages.MODULES.size(), Files.readAllLines(calls).size(), "unchanged: no recompilation\n" + log);
    Files.writeString(src.resolve(KernelImages.HEADERS.get(0)), "\n// changed\n",
        java.nio.file.StandardOpenOption.APPEND);
    run(src, out, fake.toString());
    assertEquals(2 * KernelImages.MODULES.size(), Files.readAllLines(calls).size(), "a header change rebuilds all");
    Files.writeString(src.resolve(KernelImages.MODULES.get(0) + ".cu"), "\n// changed\n",
        java.nio.file.StandardOpenOption.APPEND);
    run(src, out, fake.toString());
    assertEquals(2 * KernelImages.MODULES.size() + 1, Files.readAllLines(calls).size(), "one module changed");
  }
}
