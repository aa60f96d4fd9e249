package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;
import picocli.CommandLine;

/** The shared reading-convention flags: same names on every file-reading command, mapped to {@link ReadOptions}. */
class ConventionOptionsTest {
  static final Path DVS128 = SharedData.data("events/aedat2/jaer_MovingDarkBox_dvs128.aedat");

  private static ReadOptions parse(String... args) {
    ConventionOptions o = new ConventionOptions();
    new CommandLine(o).parseArgs(args);
    return o.readOptions();
  }

  @Test
  void namedConventionsAndFlags() {
    assertEquals(ReadOptions.DEFAULT, parse());
    assertEquals(Catalogs.CIFAR10DVS_OPTIONS, parse("--convention", "cifar10dvs"));
    assertEquals(ReadOptions.jaer(ReadOptions.Aedat2Layout.DVS128),
        parse("--convention", "jaer", "--aedat2-layout", "dvs128"));
    assertEquals(ReadOptions.jaer(ReadOptions.Aedat2Layout.DAVIS).withRebaseTime(true).withFlipY(true),
        parse("--convention", "jaer", "--aedat2-layout", "davis", "--rebase-time", "--flip-y"));
    assertEquals(ReadOptions.DEFAULT.withTranspose(true).withInvertPolarity(true).withFlipX(true)
        .withAedat2Layout(ReadOptions.Aedat2Layout.DAVIS),
        parse("--transpose", "--invert-polarity", "--flip-x", "--aedat2-layout", "DAVIS"));
  }

  @Test
  void everyFileReadingCommandTakesTheFlags() {
    for (String cmd : new String[] {"info", "frames", "convert", "slice", "bench", "bench-transforms"}) {
      CommandLine cl = EventsCli.commandLine().getSubcommands().get(cmd);
      for (String flag : new String[] {"--convention", "--aedat2-layout", "--rebase-time", "--flip-x", "--flip-y",
          "--transpose", "--invert-polarity"}) {
        assertTrue(cl.getCommandSpec().findOption(flag) != null, cmd + " lacks " + flag);
      }
    }
  }

  @Test
  void infoWithCifar10DvsConventionReadsLikeTheCatalog() throws Exception {
    CliRun named = CliRun.run("info", DVS128.toString(), "--json", "--convention",
        "cifar10dvs");
    assertEquals(0, named.code(), named.err());
    CliRun flags = CliRun.run("info", DVS128.toString(), "--json", "--aedat2-layout",
        "dvs128", "--flip-x", "--flip-y", "--transpose", "--invert-polarity");
    assertEquals(named.out(), flags.out());
    assertNotEquals(named.out(), CliRun.run("info", DVS128.toString(), "--json").out());
    EventBatch b = new EventBatch();
    try (EventReader r = EventFiles.open(DVS128, Catalogs.CIFAR10DVS_OPTIONS)) {
      r.read(b);
    }
    String first = "\"first\":[[" + b.t()[0] + "," + b.x()[0] + "," + b.y()[0] + "," + b.p()[0] + "]";
    assertTrue(named.out().contains(first), named.out() + " vs " + first);
  }

  @Test
  void badCombinationsAreRejected() {
    CliRun r = CliRun.run("info", DVS128.toString(), "--convention", "jaer");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("--convention jaer needs --aedat2-layout dvs128 or davis"), r.err());
    r = CliRun.run("info", DVS128.toString(), "--convention", "cifar10dvs", "--aedat2-layout", "davis");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("cifar10dvs reads DVS128 addresses"), r.err());
    r = CliRun.run("info", DVS128.toString(), "--aedat2-layout", "dvs256");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("--aedat2-layout must be auto, dvs128 or davis: dvs256"), r.err());
  }

  static final Path EVT2 = SharedData.data("events/evt2/expelliarmus_evt2_sample_gen3_640x480.raw");

  @Test
  void transposedReadingTransposesTheSensorOfFramesAndTransforms(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    CliRun f = CliRun.run("frames", EVT2.toString(), "-T", "2", "--split-by", "number", "--transpose",
        "--no-images", "--json", "--out", dir.resolve("t").toString());
    assertEquals(0, f.code(), f.err());
    assertTrue(f.out().contains("\"width\":480,\"height\":640,\"frames\":2,\"shape\":[2,2,640,480]"), f.out());
    float[] frames = org.neurospark.events.npy.NpyArray.read(dir.resolve("t/frames.npy")).toFloats();
    double sum = 0;
    for (float v : frames) {
      sum += v;
    }
    assertEquals(539481, sum, 0.0);
    // fliplr after the transpose mirrors the 480 columns of the transposed sensor
    CliRun plain = CliRun.run("info", EVT2.toString(), "--json", "--transform", "fliplr(1)");
    CliRun tr = CliRun.run("info", EVT2.toString(), "--json", "--transpose", "--transform", "fliplr(1)");
    assertEquals(0, tr.code(), tr.err());
    assertTrue(plain.out().contains("\"first\":[[1317888,402,121,1]"), plain.out()); // x = 639 - 237
    assertTrue(tr.out().contains("\"first\":[[1317888,358,237,1]"), tr.out()); // x = 479 - 121, y = 237
    assertTrue(tr.out().startsWith("{\"format\":\"evt2\",\"width\":480,\"height\":640,"), tr.out());
    // convert writes the transposed sensor, so the output reads back
    Path pq = dir.resolve("t.parquet");
    CliRun c = CliRun.run("convert", EVT2.toString(), "--to", "parquet", "--out", pq.toString(), "--transpose");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("(evt2, 480 x 640)"), c.out());
    CliRun back = CliRun.run("info", pq.toString(), "--json");
    assertEquals(0, back.code(), back.err());
    assertTrue(back.out().contains("\"width\":480,\"height\":640,\"events\":539481,"), back.out());
    assertTrue(back.out().contains("\"first\":[[1317888,121,237,1]"), back.out());
  }
}
