package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.format.numpy.NumpyEventWriter;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.io.InputFiles;
import org.neurospark.events.limits.MemoryBudget;
import org.neurospark.events.limits.ResourceLimitException;
import org.neurospark.events.npy.NpyFormatException;
import org.neurospark.events.slicing.LabeledSegment;
import org.neurospark.events.slicing.SegmentSink;
import org.neurospark.events.slicing.SegmentSlicer;
import org.neurospark.events.transform.EventTransform;

/**
 * Builds SpikingJelly's {@code events_np} cache from a cataloged dataset: one {@code .npz} per sample (arrays
 * {@code t, x, y, p}) at {@code OUT/[train|test/]<label>/<name>.npz} (no split folder for datasets without an
 * official split). Recordings holding several samples (DVS128 Gesture) are read once, their segments cut in the same
 * pass. An optional transform applies per sample ({@code reset()} before each), as tonic applies transforms to a
 * sample. Memory: one sample's events (checked against the heap as it grows). Inputs that are not regular files
 * (FIFOs, devices) fail their samples instead of blocking.
 */
public final class EventsNpExport {
  private EventsNpExport() {}

  /** Where {@code s} goes under {@code out}. */
  public static Path target(Path out, Sample s) {
    Path dir = s.split() == Split.NONE ? out : out.resolve(s.split().id());
    return dir.resolve(Integer.toString(s.label())).resolve(s.name() + ".npz");
  }

  /**
   * Writes every sample; stops at the first failure.
   *
   * @param transform applied to each sample's events, or null
   * @param compressed deflate ({@code np.savez_compressed}, SpikingJelly's default) or store
   * @return total events written
   */
  public static long export(DatasetCatalog catalog, List<Sample> samples, Path out, EventTransform transform,
      boolean compressed) throws IOException {
    return export(catalog, samples, out, transform, compressed, true).events();
  }

  /**
   * Writes every sample that can be read. With {@code failFast} the first failure is thrown; otherwise each failing
   * sample (unreadable or truncated recording, a sample too large for the heap) is recorded in the report and
   * skipped, and every other sample is written. A recording holding several samples that fails part-way fails its
   * samples not yet written.
   *
   * @param transform applied to each sample's events, or null
   * @param compressed deflate ({@code np.savez_compressed}, SpikingJelly's default) or store
   * @param failFast throw at the first failure instead of recording it
   */
  public static ExportReport export(DatasetCatalog catalog, List<Sample> samples, Path out,
      EventTransform transform, boolean compressed, boolean failFast) throws IOException {
    return export(catalog, samples, out, transform, compressed, failFast, 0);
  }

  /**
   * As {@link #export(DatasetCatalog, List, Path, EventTransform, boolean, boolean)}, failing every sample that
   * holds more than {@code maxSampleEvents} events (0: no limit but the heap) before it is held in memory — a
   * compressed recording (a deflate bomb) cannot exhaust the heap.
   */
  public static ExportReport export(DatasetCatalog catalog, List<Sample> samples, Path out,
      EventTransform transform, boolean compressed, boolean failFast, long maxSampleEvents) throws IOException {
    if (maxSampleEvents < 0) {
      throw new IllegalArgumentException("maxSampleEvents must be >= 0: " + maxSampleEvents);
    }
    Map<Path, List<Sample>> segmented = new LinkedHashMap<>();
    List<SampleFailure> failures = new ArrayList<>();
    long total = 0;
    long count = 0;
    EventBatch b = new EventBatch();
    for (Sample s : samples) {
      if (!s.wholeFile()) {
        segmented.computeIfAbsent(s.file(), k -> new ArrayList<>()).add(s);
        continue;
      }
      try {
        EventBatch all = new EventBatch(1 << 16);
        if (transform != null) {
          transform.reset();
        }
        InputFiles.requireRegularFile(s.file());
        try (EventReader r = EventFiles.open(s.file(), catalog.readOptions())) {
          while (r.read(b)) {
            if (transform != null) {
              transform.apply(b);
            }
            requireRoom(all, b.size(), s.file(), maxSampleEvents);
            all.addAll(b);
          }
        }
        total += write(target(out, s), all, compressed);
        count++;
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        fail(failures, s, e, failFast);
      }
    }
    for (Map.Entry<Path, List<Sample>> e : segmented.entrySet()) {
      List<Sample> list = e.getValue();
      List<LabeledSegment> segs = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Sample s = list.get(i);
        segs.add(new LabeledSegment(i, s.label() + 1, s.label(), s.startUs(), s.endUs(), 0));
      }
      long[] written = {0, 0};
      boolean[] done = new boolean[list.size()];
      SegmentSink sink = new SegmentSink() {
        final Map<Integer, EventBatch> open = new LinkedHashMap<>();

        @Override
        public void begin(LabeledSegment seg) {
          open.put(seg.row(), new EventBatch(1024));
        }

        @Override
        public void events(LabeledSegment seg, EventBatch chunk) {
          EventBatch o = open.get(seg.row());
          requireRoom(o, chunk.size(), e.getKey(), maxSampleEvents);
          o.addAll(chunk);
        }

        @Override
        public void end(LabeledSegment seg, long n) throws IOException {
          EventBatch events = open.remove(seg.row());
          if (transform != null) {
            transform.reset();
            transform.apply(events);
          }
          written[0] += write(target(out, list.get(seg.row())), events, compressed);
          written[1]++;
          done[seg.row()] = true;
        }
      };
      try {
        InputFiles.requireRegularFile(e.getKey());
      } catch (IOException x) {
        if (failFast) {
          throw x;
        }
        for (Sample s : list) {
          fail(failures, s, x, false);
        }
        continue;
      }
      try (EventReader r = EventFiles.open(e.getKey(), catalog.readOptions())) {
        new SegmentSlicer(segs, sink).run(r, null);
      } catch (IOException | RuntimeException | OutOfMemoryError x) {
        if (failFast) {
          throw x;
        }
        for (int i = 0; i < list.size(); i++) {
          if (!done[i]) {
            fail(failures, list.get(i), x, false);
          }
        }
      }
      total += written[0];
      count += written[1];
    }
    return new ExportReport(count, total, failures);
  }

  private static void requireRoom(EventBatch into, int more, Path file, long maxSampleEvents) {
    long n = (long) into.size() + more;
    if (maxSampleEvents > 0 && n > maxSampleEvents) {
      throw new ResourceLimitException(file + ": the sample holds more than the limit of " + maxSampleEvents
          + " events");
    }
    if (n > into.capacity()) {
      MemoryBudget.require(MemoryBudget.product(n, 3L * MemoryBudget.EVENT_BYTES), file + ": a sample of more than "
          + (n - more) + " events", null);
    }
  }

  private static void fail(List<SampleFailure> failures, Sample s, Throwable e, boolean failFast)
      throws IOException {
    if (failFast) {
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw (Error) e;
    }
    long offset = -1;
    if (e instanceof EventFileException f) {
      offset = f.offset();
    } else if (e instanceof NpyFormatException f) {
      offset = f.offset();
    }
    String msg = e instanceof OutOfMemoryError ? "out of memory reading this sample (maximum heap "
        + MemoryBudget.human(Runtime.getRuntime().maxMemory()) + ")"
        : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    failures.add(new SampleFailure(s.file(), s.name(), offset, msg));
  }

  private static long write(Path file, EventBatch events, boolean compressed) throws IOException {
    Files.createDirectories(file.getParent());
    NumpyEventWriter.writeNpz(file, events, compressed);
    return events.size();
  }
}
