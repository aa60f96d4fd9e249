package org.neurospark.events.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.Catalogs;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.EventsNpExport;
import org.neurospark.events.dataset.ExportReport;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.format.numpy.NumpyEventWriter;
import org.neurospark.events.frames.FileFrames;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.events.io.InputFiles;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.limits.ResourceLimitException;
import org.neurospark.events.output.SpecialFiles;
import org.neurospark.events.slicing.TimeSlicer;
import org.neurospark.events.slicing.Window;
import org.neurospark.events.testing.BatchEvents;
import org.neurospark.events.transform.Compose;
import org.neurospark.events.transform.SensorSize;

/** Issue 10 at library level: non-regular inputs, bounded memory, overflow-safe windows, record-and-skip export. */
class HostileLibraryTest {
  @TempDir
  Path dir;

  @Test
  void nonRegularInputsAreRefusedNamingThePath() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve("f.bin"));
    FileSystemException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(FileSystemException.class, () -> InputFiles.requireRegularFile(fifo)));
    assertTrue(e.getMessage().contains(fifo.toString()) && e.getMessage().contains("FIFO"), e.getMessage());
    e = assertThrows(FileSystemException.class, () -> InputFiles.requireRegularFile(dir));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    e = assertThrows(NoSuchFileException.class, () -> InputFiles.requireRegularFile(dir.resolve("missing.bin")));
    assertTrue(e.getMessage().contains("missing.bin") && e.getMessage().contains("no such file"), e.getMessage());
    Path zero = Path.of("/dev/zero");
    if (Files.exists(zero)) {
      e = assertThrows(FileSystemException.class, () -> InputFiles.requireRegularFile(zero));
      assertTrue(e.getMessage().contains("character device"), e.getMessage());
    }
    Path a = dir.resolve("loopA");
    Files.createSymbolicLink(a, dir.resolve("loopB"));
    Files.createSymbolicLink(dir.resolve("loopB"), a);
    e = assertThrows(FileSystemException.class, () -> InputFiles.requireRegularFile(a));
    assertTrue(e.getMessage().contains("loopA"), e.getMessage());
    InputFiles.requireRegularFile(AtisFiles.write(dir.resolve("ok.bin"), 3));
  }

  @Test
  void memoryBudgetRefusesOverflowAndHugeSizes() {
    assertEquals(-1, MemoryBudget.product(1L << 40, 1L << 40));
    assertEquals(6, MemoryBudget.product(2, 3));
    ResourceLimitException e = assertThrows(ResourceLimitException.class,
        () -> MemoryBudget.require(-1, "frames of 100000 x 100000 pixels", "lower --width"));
    assertTrue(e.getMessage().contains("more than 8 EiB") && e.getMessage().contains("lower --width"),
        e.getMessage());
    assertThrows(ResourceLimitException.class,
        () -> MemoryBudget.require(Runtime.getRuntime().maxMemory(), "the whole heap", null));
    MemoryBudget.require(1024, "a small buffer", null);
  }

  /** Collects windows. */
  private static List<Window> slice(long window, long overlap, boolean incomplete, EventBatch events)
      throws IOException {
    List<Window> out = new ArrayList<>();
    TimeSlicer s = new TimeSlicer(window, overlap, incomplete, (w, ev) -> {
      out.add(w);
      if (out.size() > 1000) {
        throw new IllegalStateException("runaway: more than 1000 windows");
      }
    });
    s.accept(events);
    s.finish();
    return out;
  }

  @Test
  void timeWindowArithmeticDoesNotOverflow() throws IOException {
    EventBatch b = BatchEvents.of(new long[] {0, 1, 1, 1}, new long[] {654, 2, 2, 0});
    List<Window> w = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> slice(Long.MAX_VALUE, 0, true, b));
    assertEquals(1, w.size());
    assertEquals(0, w.get(0).tStartUs());
    assertEquals(Long.MAX_VALUE, w.get(0).tEndUs(), "the end saturates instead of wrapping negative");
    assertEquals(2, w.get(0).count());
    // stride 1 with a window longer than the recording: tonic's count ceil((654 - w) / 1) + 1 is negative: none
    assertEquals(0, assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> slice(Long.MAX_VALUE, Long.MAX_VALUE - 1, true, b)).size());
    // timestamps near Long.MAX_VALUE
    EventBatch late = BatchEvents.of(new long[] {Long.MAX_VALUE - 5, 1, 1, 1}, new long[] {Long.MAX_VALUE, 1, 1, 1});
    List<Window> lw = slice(4, 0, true, late);
    assertEquals(2, lw.size());
    assertEquals(Long.MAX_VALUE - 1, lw.get(1).tStartUs());
    assertEquals(Long.MAX_VALUE, lw.get(1).tEndUs(), "saturated, not wrapped");
    // ordinary windows unchanged: tonic's ceil((654 - 400) / 300) + 1 = 2 windows, [0, 400) and [300, 700)
    List<Window> ord = slice(400, 100, true, b);
    assertEquals(2, ord.size());
    assertEquals(300, ord.get(1).tStartUs());
  }

  @Test
  void splitByTimeRefusesBackwardTimestamps() throws IOException {
    EventBatch rev = BatchEvents.of(new long[] {1000, 1, 1, 1}, new long[] {500, 2, 2, 0}, new long[] {0, 3, 3, 1});
    Path f = dir.resolve("rev.npz");
    NumpyEventWriter.writeNpz(f, rev, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FileFrames.byFramesNumber(f, ReadOptions.DEFAULT, SplitBy.TIME, 3, new FrameIntegrator(4, 4)));
    assertTrue(e.getMessage().contains("backwards") && e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void transformsRefuseNonsenseSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Compose.parse("downsample(1e308,1e308)", new SensorSize(34, 34), 0));
    assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Compose.parse("denoise(10000)", new SensorSize(60000, 60000), 0));
    assertTrue(e.getMessage().contains("60000 x 60000"), e.getMessage());
  }

  @Test
  void exportRecordsAndSkipsBadSamples() throws Exception {
    Path root = dir.resolve("nmnist");
    Path bad = AtisFiles.nmnistTree(root, 1);
    DatasetCatalog c = Catalogs.byName("nmnist");
    List<Sample> samples = c.list(root);
    assertEquals(20, samples.size());
    Path out = dir.resolve("cache");
    Path fifo = root.resolve("Test/5/00000.bin");
    Files.delete(fifo);
    SpecialFiles.fifo(fifo);
    ExportReport r = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> EventsNpExport.export(c, samples, out, null, true, false));
    assertEquals(18, r.written());
    assertEquals(2, r.failures().size());
    assertEquals(fifo, r.failures().get(1).file());
    assertTrue(r.failures().get(1).message().contains("FIFO"), r.failures().get(1).message());
    assertEquals(bad, r.failures().get(0).file());
    assertTrue(r.failures().get(0).offset() >= 0, r.failures().toString());
    assertTrue(r.failures().get(0).message().contains("truncated"), r.failures().get(0).message());
    assertTrue(Files.isRegularFile(out.resolve("test/9/00000.npz")));
    assertThrows(IOException.class, () -> EventsNpExport.export(c, samples, dir.resolve("ff"), null, true, true));
  }
}
