package org.neurospark.events.slicing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpzWriter;

/**
 * Writes each labelled segment (or window) as one {@code .npz} event sample in SpikingJelly's {@code events_np}
 * layout: {@code OUT/<label>/<stem>_<k>.npz} for segments ({@code k} = repeat of that label in the file), or
 * {@code OUT/<stem>_<index>.npz} for windows. Arrays: {@code t} int64 µs, {@code x} int32, {@code y} int32,
 * {@code p} uint8 (0/1) — readable by {@code np.load} and by Neurospark's npz reader. A segment's events are held
 * until it ends (memory = the largest open segment).
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
    open.get(s.row()).addAll(chunk);
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

  /** Writes {@code b}'s events to {@code file} as an npz with arrays t, x, y, p. */
  public void write(Path file, EventBatch b) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    int n = b.size();
    ByteBuffer t = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
    t.asLongBuffer().put(b.t(), 0, n);
    ByteBuffer x = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    x.asIntBuffer().put(b.x(), 0, n);
    ByteBuffer y = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    y.asIntBuffer().put(b.y(), 0, n);
    byte[] p = java.util.Arrays.copyOf(b.p(), n);
    try (NpzWriter z = new NpzWriter(file, compressed)) {
      z.add("t", NpyHeader.of(NpyDtype.INT64, n), t.array());
      z.add("x", NpyHeader.of(NpyDtype.INT32, n), x.array());
      z.add("y", NpyHeader.of(NpyDtype.INT32, n), y.array());
      z.add("p", NpyHeader.of(NpyDtype.UINT8, n), p);
    }
  }
}
