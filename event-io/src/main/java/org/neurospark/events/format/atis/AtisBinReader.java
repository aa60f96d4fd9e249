package org.neurospark.events.format.atis;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;
import org.neurospark.events.io.RepeatablePayload;

/**
 * N-MNIST / N-Caltech101 ATIS ".bin": headerless 40-bit records
 * {@code x:8 | y:8 | p:1 | t:23} (big-endian bit order). A record with y == 240 is the dataset authors'
 * timestamp-overflow marker: it is dropped and every later timestamp gains 2^13 µs (cumulative), exactly as
 * gorchard's eventvision.py and tonic do. Timestamps are otherwise the raw 23-bit µs values.
 *
 * <p>The sensor size is not stored; N-MNIST is 34 × 34, N-Caltech101 varies per sample, so {@link #info()} reports
 * 0 × 0 and callers pass the size they know.
 */
public final class AtisBinReader extends AbstractEventReader implements RepeatablePayload {
  /** Bytes per record. */
  public static final int RECORD_BYTES = 5;
  /** The y value of an overflow marker record. */
  public static final int OVERFLOW_MARKER_Y = 240;
  /** Time added per overflow marker, µs (2^13, as in the authors' reader). */
  public static final long OVERFLOW_STEP_US = 1L << 13;

  private long overflow;

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public AtisBinReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public AtisBinReader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    setInfo(new RecordingInfo(source.name(), EventFormat.ATIS_BIN, 0, 0));
  }

  /** The whole file minus any partial trailing record (there is no header). */
  @Override
  public Range payloadRange() {
    return new Range(0, in.size() - in.size() % RECORD_BYTES);
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int cap = batch.capacity();
    int n = 0;
    long ovf = overflow;
    while (n < cap) {
      if (in.remaining() < RECORD_BYTES && !in.fill(RECORD_BYTES)) {
        if (n == 0) {
          checkTail(); // report a partial trailing record only after every whole record was delivered
        }
        break;
      }
      byte[] b = in.buffer();
      int pos = in.pos();
      int end = pos + ((in.remaining() / RECORD_BYTES) * RECORD_BYTES);
      int maxEnd = pos + (cap - n) * RECORD_BYTES;
      if (end > maxEnd) {
        end = maxEnd;
      }
      for (; pos < end; pos += RECORD_BYTES) {
        int y = b[pos + 1] & 0xFF;
        int b2 = b[pos + 2] & 0xFF;
        if (y == OVERFLOW_MARKER_Y) {
          ovf += OVERFLOW_STEP_US;
          skip("overflow_marker", 1);
          continue;
        }
        xs[n] = b[pos] & 0xFF;
        ys[n] = y;
        ps[n] = (byte) (b2 >>> 7);
        t[n] = (((b2 & 0x7F) << 16) | ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF)) + ovf;
        n++;
      }
      in.pos(pos);
    }
    overflow = ovf;
    batch.setSize(n);
  }

  private void checkTail() throws IOException {
    if (in.remaining() > 0) {
      throw error(in.position(), "truncated: " + in.remaining() + " trailing bytes do not make a "
          + RECORD_BYTES + "-byte ATIS record (file length " + in.size() + " is not a multiple of 5)");
    }
  }
}
