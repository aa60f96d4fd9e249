package org.neurospark.events.format.evt2;

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
 * Prophesee RAW EVT 2.0 (EVENT-FORMATS.md §5): a {@code '%'} header, then little-endian 32-bit words with the type
 * in bits 31..28. CD_OFF (0x0) / CD_ON (0x1) words are events: x = bits 21..11, y = bits 10..0, p = the type,
 * t = time_base + bits 27..22 µs. EV_TIME_HIGH (0x8) sets time_base = bits 27..0 << 6, unwrapped to 64 bits the way
 * Prophesee's decoder does (a drop of at least 2^34 − 11·2^6 µs is a loop and adds 2^34 µs). As in Prophesee's
 * {@code metavision_evt2_raw_file_decoder.cpp}, every word before the first TIME_HIGH is skipped (its time is unknown;
 * expelliarmus would use time base 0 instead) and counted as {@code "before_time_high"}.
 *
 * <p>Counted in {@link #skipped()}: {@code "time_high"}, {@code "ext_trigger"} (0xA), {@code "others"} (0xE),
 * {@code "continued"} (0xF). Any other type, an event outside the declared sensor, or a trailing partial word raises
 * {@link org.neurospark.events.EventFileException} with the byte offset (after earlier events were delivered).
 */
public final class Evt2Reader extends PropheseeReader {
  private static final long MAX_TIME_BASE = ((1L << 28) - 1) << 6;
  private static final long TIME_LOOP = MAX_TIME_BASE + (1 << 6);
  private static final long LOOP_THRESHOLD = 10 << 6;

  private final boolean vector;
  private final int xLimit;
  private final int yLimit;
  private long timeBase;
  private long loops;
  private boolean timeBaseSet;

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public Evt2Reader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public Evt2Reader(ByteSource source, ReadOptions options) throws IOException {
    this(source, options, VectorSupport.enabled());
  }

  /**
   * Like {@link #Evt2Reader(ByteSource, ReadOptions)}; {@code vector} picks the Vector API loop (tests compare
   * both).
   */
  Evt2Reader(ByteSource source, ReadOptions options, boolean vector) throws IOException {
    super(source, options);
    this.vector = vector;
    try {
      requireEncoding("2.0", "EVT 2.0");
      xLimit = widthOr(1 << 11);
      yLimit = heightOr(1 << 11);
      setInfo(new RecordingInfo(source.name(), EventFormat.EVT2, header.width(), header.height()));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  protected int recordBytes() {
    return 4;
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
    long base = timeBase;
    long timeHigh = 0;
    long trig = 0;
    long others = 0;
    long cont = 0;
    long before = 0;
    while (!timeBaseSet) {
      if (in.remaining() < 4 && !in.fill(4)) {
        break;
      }
      byte[] b = in.buffer();
      int pos = in.pos();
      int end = pos + (in.remaining() & ~3);
      for (; pos < end; pos += 4) {
        int w = (int) Bytes.INT_LE.get(b, pos);
        if ((w >>> 28) == 0x8) {
          timeBaseSet = true; // the main loop below decodes this TIME_HIGH
          break;
        }
        before++;
      }
      in.pos(pos);
    }
    skip("before_time_high", before);
    outer:
    while (n < cap) {
      if (in.remaining() < 4 && !in.fill(4)) {
        if (n == 0 && in.remaining() > 0) {
          throw error(in.position(), "truncated: " + in.remaining() + " trailing bytes do not make a 4-byte EVT 2.0"
              + " word");
        }
        break;
      }
      byte[] b = in.buffer();
      int pos = in.pos();
      int end = pos + (in.remaining() & ~3);
      while (pos < end) {
        // a run of CD words: event i is the word at wb + 4 i (one counted loop index for input and output, so the
        // JIT checks array bounds once per run, not per event)
        int wb = pos - 4 * n;
        int iEnd = n + Math.min((end - pos) >>> 2, cap - n);
        int i = decodeCdRun(b, wb, n, iEnd, base, t, xs, ys, ps);
        pos = wb + 4 * i;
        n = i;
        if (n == cap || pos >= end) {
          break;
        }
        int w = (int) Bytes.INT_LE.get(b, pos);
        int type = w >>> 28;
        if (type <= 1) { // a CD word outside the sensor
          if (n > 0) {
            in.pos(pos);
            break outer;
          }
          throw error(in.offsetOf(pos), String.format("CD event word 0x%08x has x %d, y %d outside the %dx%d"
              + " sensor", w, (w >>> 11) & 0x7FF, w & 0x7FF, xl, yl));
        } else if (type == 0x8) {
          long nb = ((long) (w & 0x0FFFFFFF) << 6) + loops * TIME_LOOP;
          if (base > nb && base - nb >= MAX_TIME_BASE - LOOP_THRESHOLD) {
            nb += TIME_LOOP;
            loops++;
          }
          base = nb;
          timeHigh++;
        } else if (type == 0xA) {
          trig++;
        } else if (type == 0xE) {
          others++;
        } else if (type == 0xF) {
          cont++;
        } else {
          if (n > 0) {
            in.pos(pos);
            break outer;
          }
          throw error(in.offsetOf(pos), String.format("unknown EVT 2.0 word type 0x%x in word 0x%08x (expected"
              + " CD_OFF 0x0, CD_ON 0x1, TIME_HIGH 0x8, EXT_TRIGGER 0xA, OTHERS 0xE, CONTINUED 0xF)", type, w));
        }
        pos += 4;
      }
      in.pos(pos);
    }
    timeBase = base;
    skip("time_high", timeHigh);
    skip("ext_trigger", trig);
    skip("others", others);
    skip("continued", cont);
    batch.setSize(n);
  }
  /**
   * Decodes CD words of events {@code n..iEnd-1} (word of event i at byte {@code wb + 4 i} of {@code b}) with time
   * base {@code base}; stops at the first word that is not an in-sensor CD event. A small method of its own so that
   * the JIT compiles the loop alone (unrolled, bounds checks hoisted). Returns the index of the first event not
   * decoded.
   */
  private int decodeCdRun(byte[] b, int wb, int n, int iEnd, long base, long[] t, int[] xs, int[] ys, byte[] ps) {
    int i = vector ? Evt2VectorRun.decode(b, wb, n, iEnd, base, xLimit, yLimit, t, xs, ys, ps) : n;
    return decodeCdWords(b, wb, i, iEnd, base, xLimit, yLimit, t, xs, ys, ps);
  }

  /** The plain loop of {@link #decodeCdRun}: one word at a time. */
  static int decodeCdWords(byte[] b, int wb, int n, int iEnd, long base, int xl, int yl, long[] t, int[] xs,
      int[] ys, byte[] ps) {
    int i = n;
    for (; i < iEnd; i++) {
      int w = (int) Bytes.INT_LE.get(b, wb + 4 * i);
      int x = (w >>> 11) & 0x7FF;
      int y = w & 0x7FF;
      // negative iff the type is CD_OFF/CD_ON (bits 31..29 zero), x < xl and y < yl: one branch
      if (((x - xl) & (y - yl) & ((w >>> 29) - 1)) >= 0) {
        break;
      }
      t[i] = base + ((w >>> 22) & 0x3F);
      xs[i] = x;
      ys[i] = y;
      ps[i] = (byte) (w >>> 28);
    }
    return i;
  }
}
