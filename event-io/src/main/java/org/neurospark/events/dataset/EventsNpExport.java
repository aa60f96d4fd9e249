package org.neurospark.events.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.format.numpy.NumpyEventWriter;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.slicing.LabeledSegment;
import org.neurospark.events.slicing.SegmentSink;
import org.neurospark.events.slicing.SegmentSlicer;
import org.neurospark.events.transform.EventTransform;

/**
 * Builds SpikingJelly's {@code events_np} cache from a cataloged dataset: one {@code .npz} per sample (arrays
 * {@code t, x, y, p}) at {@code OUT/[train|test/]<label>/<name>.npz} (no split folder for datasets without an
 * official split). Recordings holding several samples (DVS128 Gesture) are read once, their segments cut in the same
 * pass. An optional transform applies per sample ({@code reset()} before each), as tonic applies transforms to a
 * sample. Memory: one sample's events.
 */
public final class EventsNpExport {
  private EventsNpExport() {}

  /** Where {@code s} goes under {@code out}. */
  public static Path target(Path out, Sample s) {
    Path dir = s.split() == Split.NONE ? out : out.resolve(s.split().id());
    return dir.resolve(Integer.toString(s.label())).resolve(s.name() + ".npz");
  }

  /**
   * Writes every sample.
   *
   * @param transform applied to each sample's events, or null
   * @param compressed deflate ({@code np.savez_compressed}, SpikingJelly's default) or store
   * @return total events written
   */
  public static long export(DatasetCatalog catalog, List<Sample> samples, Path out, EventTransform transform,
      boolean compressed) throws IOException {
    Map<Path, List<Sample>> segmented = new LinkedHashMap<>();
    long total = 0;
    EventBatch all = new EventBatch(1 << 16);
    EventBatch b = new EventBatch();
    for (Sample s : samples) {
      if (!s.wholeFile()) {
        segmented.computeIfAbsent(s.file(), k -> new ArrayList<>()).add(s);
        continue;
      }
      all.clear();
      if (transform != null) {
        transform.reset();
      }
      try (EventReader r = EventFiles.open(s.file(), catalog.readOptions())) {
        while (r.read(b)) {
          if (transform != null) {
            transform.apply(b);
          }
          all.addAll(b);
        }
      }
      total += write(target(out, s), all, compressed);
    }
    for (Map.Entry<Path, List<Sample>> e : segmented.entrySet()) {
      List<Sample> list = e.getValue();
      List<LabeledSegment> segs = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Sample s = list.get(i);
        segs.add(new LabeledSegment(i, s.label() + 1, s.label(), s.startUs(), s.endUs(), 0));
      }
      long[] written = {0};
      SegmentSink sink = new SegmentSink() {
        final Map<Integer, EventBatch> open = new LinkedHashMap<>();

        @Override
        public void begin(LabeledSegment seg) {
          open.put(seg.row(), new EventBatch(1024));
        }

        @Override
        public void events(LabeledSegment seg, EventBatch chunk) {
          open.get(seg.row()).addAll(chunk);
        }

        @Override
        public void end(LabeledSegment seg, long count) throws IOException {
          EventBatch events = open.remove(seg.row());
          if (transform != null) {
            transform.reset();
            transform.apply(events);
          }
          written[0] += write(target(out, list.get(seg.row())), events, compressed);
        }
      };
      try (EventReader r = EventFiles.open(e.getKey(), catalog.readOptions())) {
        new SegmentSlicer(segs, sink).run(r, null);
      }
      total += written[0];
    }
    return total;
  }

  private static long write(Path file, EventBatch events, boolean compressed) throws IOException {
    Files.createDirectories(file.getParent());
    NumpyEventWriter.writeNpz(file, events, compressed);
    return events.size();
  }
}
