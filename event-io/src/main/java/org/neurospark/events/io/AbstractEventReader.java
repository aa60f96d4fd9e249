package org.neurospark.events.io;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;

/**
 * Base for readers: owns the {@link ByteSource} (through a {@link ChunkedFileInput}, whose buffer is allocated only
 * when a reader uses it) and closes it on {@link #close()}, the skipped-word counters and the post-decode
 * conventions of {@link ReadOptions} (rebase, flips, transpose, polarity inversion), so each format only decodes.
 */
public abstract class AbstractEventReader implements EventReader {
  protected final ChunkedFileInput in;
  protected final ReadOptions options;
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private RecordingInfo info;
  private long timeOrigin = Long.MIN_VALUE;

  /**
   * @param source the recording; the reader owns it from here on and closes it in {@link #close()} (subclass
   *     constructors close it when they fail)
   */
  protected AbstractEventReader(ByteSource source, ReadOptions options) {
    this.in = new ChunkedFileInput(source);
    this.options = options;
  }

  /** The recording's bytes; every read of a reader goes through it. */
  protected final ByteSource source() {
    return in.source();
  }

  /** Subclasses set this once the header is parsed (before the first {@link #read}). */
  protected final void setInfo(RecordingInfo info) {
    this.info = info;
  }

  @Override
  public RecordingInfo info() {
    return info;
  }

  /**
   * Counts {@code n} skipped words/packets of {@code kind} (lowercase snake_case, e.g. {@code "time_high"}); a count
   * of 0 adds no key, so {@link #skipped()} lists only kinds that occurred.
   */
  protected final void skip(String kind, long n) {
    if (n > 0) {
      skipped.merge(kind, n, Long::sum);
    }
  }

  @Override
  public Map<String, Long> skipped() {
    return Collections.unmodifiableMap(skipped);
  }

  @Override
  public long bytesRead() {
    return in.position();
  }

  @Override
  public final boolean read(EventBatch batch) throws IOException {
    batch.clear();
    decode(batch);
    if (options.transformsEvents() && !batch.isEmpty()) {
      applyConventions(batch);
    }
    return !batch.isEmpty();
  }

  /**
   * Appends decoded events to the (cleared) batch until it is full or the file ends. Must add at least one event
   * unless the recording is exhausted.
   */
  protected abstract void decode(EventBatch batch) throws IOException;

  /** An error at absolute byte {@code offset} of this source. */
  protected final EventFileException error(long offset, String problem) {
    return new EventFileException(in.name(), offset, problem);
  }

  private void applyConventions(EventBatch b) throws EventFileException {
    int n = b.size();
    long[] t = b.t();
    int[] x = b.x();
    int[] y = b.y();
    byte[] p = b.p();
    if (options.rebaseTime()) {
      if (timeOrigin == Long.MIN_VALUE) {
        timeOrigin = t[0];
      }
      long o = timeOrigin;
      for (int i = 0; i < n; i++) {
        t[i] -= o;
      }
    }
    if (options.flipX() || options.flipY()) {
      RecordingInfo ri = info;
      if (ri == null || !ri.hasSensorSize()) {
        throw error(-1, "flipX/flipY need the sensor size, which this file does not declare");
      }
      if (options.flipX()) {
        int w1 = ri.width() - 1;
        for (int i = 0; i < n; i++) {
          x[i] = w1 - x[i];
        }
      }
      if (options.flipY()) {
        int h1 = ri.height() - 1;
        for (int i = 0; i < n; i++) {
          y[i] = h1 - y[i];
        }
      }
    }
    if (options.transpose()) {
      for (int i = 0; i < n; i++) {
        int tmp = x[i];
        x[i] = y[i];
        y[i] = tmp;
      }
    }
    if (options.invertPolarity()) {
      for (int i = 0; i < n; i++) {
        p[i] = (byte) (1 - p[i]);
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
