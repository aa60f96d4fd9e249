package org.neurospark.events.slicing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.format.numpy.NumpyEventWriter;
import org.neurospark.events.limits.MemoryBudget;

/**
 * Writes each labelled segment (or window) as one {@code .npz} event sample in SpikingJelly's {@code events_np}
 * layout: {@code OUT/<label>/<stem>_<k>.npz} for segments ({@code k} = repeat of that label in the file), or
 * {@code OUT/<stem>_<index>.npz} for windows, written by {@link NumpyEventWriter#writeNpz}: arrays {@code t} int64
 * µs, {@code x}, {@code y} uint16, {@code p} uint8 (0/1) — readable by {@code np.load}, SpikingJelly and
 * Neurospark's npz reader. A segment's events are held until it ends (memory = the largest open segment, checked
 * against the heap as it grows).
 */
public final class SampleNpzWriter implements SegmentSink, WindowSink {
  /** One written sample. */
  public record Written(Path file, int label, long events, long startUs, long endUs) {}

  private final Path out;
  private final String stem;
  private final boolean compressed;
  private final Map<Integer, EventBatch> open = new HashMap<>();
  private final List<Written> written = new ArrayList<>();

  /**
   * @param out output directory (created)
   * @param stem file name stem of the recording, e.g. {@code user01_natural}
   * @param compressed deflate entries ({@code np.savez_compressed}, SpikingJelly's default) or store them
   */
  public SampleNpzWriter(Path out, String stem, boolean compressed) {
    this.out = out;
    this.stem = stem;
    this.compressed = compressed;
  }

  /** Samples written so far, in completion order. */
  public List<Written> written() {
    return List.copyOf(written);
  }

  @Override
  public void begin(LabeledSegment s) {
    open.put(s.row(), new EventBatch(1024));
  }

  @Override
  public void events(LabeledSegment s, EventBatch chunk) {
    EventBatch b = open.get(s.row());
    long n = (long) b.size() + chunk.size();
    if (n > b.capacity()) {
      // growing doubles the buffer and copies it: check before allocating
      MemoryBudget.require(MemoryBudget.product(n, 3L * MemoryBudget.EVENT_BYTES), "label row " + s.row()
          + " (label " + s.label() + "), holding " + n + " events,", "split the segment");
    }
    b.addAll(chunk);
  }

  @Override
  public void end(LabeledSegment s, long count) throws IOException {
    EventBatch b = open.remove(s.row());
    Path f = out.resolve(Integer.toString(s.label())).resolve(stem + "_" + s.repeat() + ".npz");
    write(f, b);
    written.add(new Written(f, s.label(), b.size(), s.startUs(), s.endUs()));
  }

  @Override
  public void window(Window w, EventBatch events) throws IOException {
    Path f = out.resolve(stem + "_" + w.index() + ".npz");
    write(f, events);
    written.add(new Written(f, -1, events.size(), w.tStartUs(), w.tEndUs()));
  }

  /** Writes {@code b}'s events to {@code file} as an npz with arrays t, x, y, p (creating its folder). */
  public void write(Path file, EventBatch b) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    NumpyEventWriter.writeNpz(file, b, compressed);
  }
}
