package org.neurospark.events.format.dat;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.format.prophesee.PropheseeReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;
import org.neurospark.events.io.Bytes;
import org.neurospark.events.io.VectorSupport;

/**
 * Prophesee / Chronocam DAT with 2D CD (TD) events (EVENT-FORMATS.md §7; N-CARS, Gen1 automotive): a {@code '%'}
 * header, one byte event type (must be 0, CD) and one byte event size (must be 8), then 8-byte little-endian records
 * {@code uint32 ts (µs), uint32 data} with x = data bits 13..0, y = bits 27..14, p = bits 31..28 (0 or 1).
 *
 * <p>Timestamps are unwrapped to 64 bits: a backward step of more than 2^31 µs is a 32-bit wrap (+2^32 µs); smaller
 * backward steps are kept as stored. The sensor size is the header's ({@code % Width}/{@code % Height},
 * {@code % geometry}); files without one (N-CARS crops) report 0×0 and only the field widths bound x and y.
 *
 * <p>A polarity other than 0/1, x/y outside a declared sensor, another event type/size or a trailing partial record
 * raise {@link org.neurospark.events.EventFileException} with the byte offset.
 */
public final class DatReader extends PropheseeReader {
  /** Event type byte of 2D CD events. */
  public static final int TYPE_CD = 0;
  /** Bytes per CD record. */
  public static final int RECORD_BYTES = 8;
  private static final long WRAP = 1L << 32;
  private static final long HALF = 1L << 31;

  private final long dataStart;
  private final boolean vector;
  private final int xLimit;
  private final int yLimit;
  private long lastTs = Long.MIN_VALUE;
  private long epoch;

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public DatReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public DatReader(ByteSource source, ReadOptions options) throws IOException {
    this(source, options, VectorSupport.enabled());
  }

  /**
   * Like {@link #DatReader(ByteSource, ReadOptions)}; {@code vector} picks the Vector API loop (tests compare both).
   */
  DatReader(ByteSource source, ReadOptions options, boolean vector) throws IOException {
    super(source, options);
    this.vector = vector;
    try {
      long typeAt = in.position();
      if (!in.fill(2)) {
        throw error(typeAt, "truncated: expected the 2 bytes event type and event size after the '%' header, file"
            + " ends after " + in.remaining());
      }
      byte[] b = in.buffer();
      int type = b[in.pos()] & 0xFF;
      int size = b[in.pos() + 1] & 0xFF;
      if (type != TYPE_CD) {
        throw error(typeAt, "unsupported DAT event type " + type + " (expected 0, 2D CD events)");
      }
      if (size != RECORD_BYTES) {
        throw error(typeAt + 1, "unsupported DAT event size " + size + " (expected 8 for CD events)");
      }
      in.pos(in.pos() + 2);
      dataStart = in.position();
      xLimit = widthOr(1 << 14);
      yLimit = heightOr(1 << 14);
      setInfo(new RecordingInfo(source.name(), EventFormat.DAT, header.width(), header.height()));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  protected long dataStart() {
    return dataStart;
  }

  @Override
  protected int recordBytes() {
    return RECORD_BYTES;
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int cap = batch.capacity();
    int n = 0;
    int xl = xLimit;
    int yl = yLimit;
    int bad = -1;
    while (n < cap) {
      if (in.remaining() < RECORD_BYTES && !in.fill(RECORD_BYTES)) {
        if (n == 0 && in.remaining() > 0) {
          throw error(in.position(), "truncated: " + in.remaining() + " trailing bytes do not make an 8-byte DAT"
              + " record (data starts at byte " + dataStart + ")");
        }
        break;
      }
      int pos = in.pos();
      int nEnd = n + Math.min(in.remaining() >>> 3, cap - n);
      int base = pos - n * RECORD_BYTES; // record of event i starts at base + 8 i
      int i = decodeRecords(in.buffer(), base, n, nEnd, t, xs, ys, ps);
      in.pos(base + i * RECORD_BYTES);
      n = i;
      if (i < nEnd) {
        bad = base + i * RECORD_BYTES;
        break;
      }
    }
    batch.setSize(n);
    if (bad >= 0 && n == 0) {
      int d = (int) Bytes.INT_LE.get(in.buffer(), bad + 4);
      throw error(in.offsetOf(bad), String.format("CD record data 0x%08x decodes to x %d, y %d, p %d (expected p 0/1"
          + (header.hasSensorSize() ? " and x, y inside the %dx%d sensor)" : ")"), d, d & 0x3FFF,
          (d >>> 14) & 0x3FFF, d >>> 28, xl, yl));
    }
  }
  /**
   * Decodes the records of events {@code n..nEnd-1} (record of event i at byte {@code base + 8 i} of {@code b}) into
   * the batch arrays; stops at the first invalid record. A small method of its own so that the JIT compiles the
   * loop alone (unrolled, bounds checks hoisted). Returns the index of the first event not decoded.
   */
  private int decodeRecords(byte[] b, int base, int n, int nEnd, long[] t, int[] xs, int[] ys, byte[] ps) {
    final int xl = xLimit;
    final int yl = yLimit;
    long last = lastTs;
    long ep = epoch;
    int i = n;
    if (vector && last != Long.MIN_VALUE) {
      i = DatVectorRun.decode(b, base, n, nEnd, last, ep, xl, yl, t, xs, ys, ps);
      if (i > n) {
        last = (int) Bytes.INT_LE.get(b, base + (i - 1) * RECORD_BYTES) & 0xFFFFFFFFL;
      }
    }
    for (; i < nEnd; i++) {
      long v = (long) Bytes.LONG_LE.get(b, base + i * RECORD_BYTES);
      int d = (int) (v >>> 32);
      int x = d & 0x3FFF;
      int y = (d >>> 14) & 0x3FFF;
      // negative iff polarity bits 31..28 are 0 or 1 (bits 31..29 zero), x < xl and y < yl: one branch
      if (((x - xl) & (y - yl) & ((d >>> 29) - 1)) >= 0) {
        break;
      }
      long u = v & 0xFFFFFFFFL;
      long step = u - last;
      if ((step + HALF) >>> 32 == 0) { // -2^31 <= step < 2^31: no wrap
        last = u;
      } else if (last == Long.MIN_VALUE || (step >= HALF && (ep == 0 || step == HALF))) {
        last = u;
      } else if (step < -HALF) {
        ep += WRAP;
        last = u;
      } else {
        u -= WRAP; // straggler from before the latest wrap
      }
      t[i] = ep + u;
      xs[i] = x;
      ys[i] = y;
      ps[i] = (byte) (d >>> 28);
    }
    lastTs = last;
    epoch = ep;
    return i;
  }
}
