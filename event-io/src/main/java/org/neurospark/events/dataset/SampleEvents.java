package org.neurospark.events.dataset;

import java.io.IOException;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.EventFiles;

/**
 * Opens the events of one {@link Sample}: the whole recording, or only its segment {@code [startUs, endUs)} (DVS128
 * Gesture rows), read with the catalog's conventions. A segment reader skips the events before the start and stops
 * at the first event at or after the end (recordings are time-ordered), so a sample costs a read up to its end, in
 * constant memory.
 */
public final class SampleEvents {
  private SampleEvents() {}

  /**
   * The sample's events, read from its local file ({@link Sample#file()}) with {@code catalog}'s
   * {@link DatasetCatalog#readOptions()}.
   */
  public static EventReader open(Sample sample, DatasetCatalog catalog) throws IOException {
    return open(sample, EventFiles.open(sample.file(), catalog.readOptions()));
  }

  /**
   * The sample's events read from {@code source} (the bytes of {@link Sample#location()}, opened by the caller
   * through whatever file system holds it; the returned reader owns and closes it) with {@code options} (the
   * catalog's {@link DatasetCatalog#readOptions()}).
   */
  public static EventReader open(Sample sample, ByteSource source, ReadOptions options) throws IOException {
    return open(sample, EventFiles.open(source, options));
  }

  private static EventReader open(Sample sample, EventReader r) {
    return sample.wholeFile() ? r : new Segment(r, sample.startUs(), sample.endUs());
  }

  /** Clips a time-ordered reader to {@code [start, end)} µs. */
  static final class Segment implements EventReader {
    private final EventReader in;
    private final long start;
    private final long end;
    private boolean done;

    Segment(EventReader in, long start, long end) {
      this.in = in;
      this.start = start;
      this.end = end;
    }

    @Override
    public RecordingInfo info() {
      return in.info();
    }

    @Override
    public boolean read(EventBatch batch) throws IOException {
      while (!done) {
        if (!in.read(batch)) {
          done = true;
          break;
        }
        int n = batch.size();
        long[] t = batch.t();
        if (t[n - 1] < start) {
          continue; // entirely before the segment
        }
        int lo = 0;
        while (lo < n && t[lo] < start) {
          lo++;
        }
        int hi = lo;
        while (hi < n && t[hi] < end) {
          hi++;
        }
        if (hi < n) {
          done = true;
        }
        if (lo > 0 || hi < n) {
          int k = hi - lo;
          System.arraycopy(batch.t(), lo, batch.t(), 0, k);
          System.arraycopy(batch.x(), lo, batch.x(), 0, k);
          System.arraycopy(batch.y(), lo, batch.y(), 0, k);
          System.arraycopy(batch.p(), lo, batch.p(), 0, k);
          batch.setSize(k);
        }
        if (!batch.isEmpty()) {
          return true;
        }
      }
      batch.clear();
      return false;
    }

    @Override
    public Map<String, Long> skipped() {
      return in.skipped();
    }

    @Override
    public long bytesRead() {
      return in.bytesRead();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
