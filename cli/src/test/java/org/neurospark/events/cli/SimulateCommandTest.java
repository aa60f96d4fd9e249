package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.testing.SharedData;

/** {@code events simulate} on the real MNIST test images of the shared fixtures (used as both splits). */
class SimulateCommandTest {
  @TempDir
  Path dir;

  private Path idx() throws Exception {
    Path src = SharedData.root().resolve("data/mnist/mnist");
    Path d = Files.createDirectories(dir.resolve("idx"));
    for (String kind : new String[] {"images-idx3", "labels-idx1"}) {
      Path f = src.resolve("t10k-" + kind + "-ubyte.gz");
      Files.copy(f, d.resolve("train-" + kind + "-ubyte.gz"));
      Files.copy(f, d.resolve("t10k-" + kind + "-ubyte.gz"));
    }
    return d;
  }

  @Test
  void writesAnNmnistTreeTheCatalogReadsAndIsSeeded() throws Exception {
    Path images = idx();
    Path a = dir.resolve("a");
    CliRun r = CliRun.run("simulate", "--images", images.toString(), "--out", a.toString(), "--limit", "70",
        "--seed", "3", "--threads", "2", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(70, j.get("samples_train").asInt());
    assertEquals(70, j.get("samples_test").asInt());
    assertTrue(j.get("mean_events").asDouble() > 1500 && j.get("mean_events").asDouble() < 8000, r.out());
    assertEquals(0, j.get("warnings").size(), r.out());
    List<Sample> samples = Catalogs.all().get("nmnist").list(a);
    assertEquals(140, samples.size());
    CliRun again = CliRun.run("simulate", "--images", images.toString(), "--out", dir.resolve("b").toString(),
        "--limit", "70", "--seed", "3", "--threads", "1");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("wrote 140 recordings (train 70, test 70)"), again.out());
    try (Stream<Path> files = Files.walk(a)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertEquals(-1L, Files.mismatch(f, dir.resolve("b").resolve(a.relativize(f))), f.toString());
      }
    }
  }

  @Test
  void warnsWhenALimitLeavesClassesOutAndRefusesBadFlags() throws Exception {
    Path images = idx();
    CliRun r = CliRun.run("simulate", "--images", images.toString(), "--out", dir.resolve("s").toString(),
        "--limit", "5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("warning   train split has no recording of label(s)"), r.out());
    CliRun bad = CliRun.run("simulate", "--images", images.toString(), "--out", dir.resolve("x").toString(),
        "--limit", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--limit must be a positive number"), bad.err());
    CliRun missing = CliRun.run("simulate", "--images", dir.resolve("nope").toString(), "--out",
        dir.resolve("y").toString());
    assertTrue(missing.code() != 0 && missing.err().contains("no such directory"), missing.err());
  }
}
