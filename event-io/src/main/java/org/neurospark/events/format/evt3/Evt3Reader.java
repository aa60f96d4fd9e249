package org.neurospark.events.format.evt3;

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

/**
 * Prophesee RAW EVT 3.0 (EVENT-FORMATS.md §6): a {@code '%'} header, then little-endian 16-bit words, type in bits
 * 15..12, decoded with the semantics of Prophesee's {@code metavision_evt3_raw_file_decoder.cpp}:
 * <ul>
 *   <li>every word before the first EVT_TIME_HIGH is skipped (counted as {@code "before_time_high"});</li>
 *   <li>EVT_ADDR_Y (0x0) sets y; EVT_ADDR_X (0x2) emits (x, y, bit 11 polarity, current time);</li>
 *   <li>VECT_BASE_X (0x3) sets base x and polarity; VECT_12 (0x4) / VECT_8 (0x5) emit base_x + i for each set bit i
 *       of their 12/8-bit mask, then advance base x by 12/8;</li>
 *   <li>EVT_TIME_HIGH (0x8): time_base = v << 12 + loops · 2^24, with a loop (+2^24 µs) when the base drops by at
 *       least 2^24 − 11·2^12 µs; current time = time_base. EVT_TIME_LOW (0x6): current time = time_base + v. TIME_LOW
 *       never changes the time base (unlike expelliarmus, which adds 4096 µs whenever TIME_LOW decreases).</li>
 * </ul>
 * Counted in {@link #skipped()}: {@code "time_high"}, {@code "time_low"}, {@code "ext_trigger"} (0xA),
 * {@code "others"} (0xE), {@code "continued"} (0x7, 0xF). Other types (0x1, 0x9, 0xB, 0xC, 0xD), a y or emitted x
 * outside the sensor (declared, else Prophesee's default 1280×720), or a trailing odd byte raise
 * {@link org.neurospark.events.EventFileException} with the byte offset.
 */
public final class Evt3Reader extends PropheseeReader {
  private static final long MAX_TIME_BASE = ((1L << 12) - 1) << 12;
  private static final long TIME_LOOP = MAX_TIME_BASE + (1 << 12);
  private static final long LOOP_THRESHOLD = 10 << 12;

  private final int width;
  private final int height;

  private boolean timeBaseSet;
  private long timeBase;
  private long time;
  private long loops;
  private int y;
  private int baseX;
  private int pol;
  /** Vector bits not yet emitted because the previous batch filled up (bit i → x = pendingX + i). */
  private int pendingMask;
  private int pendingX;

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public Evt3Reader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public Evt3Reader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    try {
      requireEncoding("3.0", "EVT 3.0");
      width = widthOr(1280);
      height = heightOr(720);
      setInfo(new RecordingInfo(source.name(), EventFormat.EVT3, width, height));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  protected int recordBytes() {
    return 2;
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long[] ts = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int cap = batch.capacity();
    int n = 0;
    final int w = width;
    final int h = height;
    long tm = time;
    int cy = y;
    int bx = baseX;
    int cp = pol;
    long tb = timeBase;
    long nHigh = 0;
    long nLow = 0;
    long nTrig = 0;
    long nOthers = 0;
    long nCont = 0;
    long nBefore = 0;
    if (pendingMask != 0) {
      int m = pendingMask;
      while (m != 0 && n < cap) {
        int i = Integer.numberOfTrailingZeros(m);
        ts[n] = tm;
        xs[n] = pendingX + i;
        ys[n] = cy;
        ps[n] = (byte) cp;
        n++;
        m &= m - 1;
      }
      pendingMask = m;
      if (m != 0) {
        batch.setSize(n);
        return;
      }
    }
    if (!timeBaseSet) {
      // Prophesee: skip every word until the first EVT_TIME_HIGH
      while (!timeBaseSet) {
        if (in.remaining() < 2 && !in.fill(2)) {
          break;
        }
        byte[] b = in.buffer();
        int pos = in.pos();
        int end = pos + (in.remaining() & ~1);
        for (; pos < end; pos += 2) {
          int word = (short) Bytes.SHORT_LE.get(b, pos) & 0xFFFF;
          if ((word >>> 12) == 0x8) {
            tb = (long) (word & 0xFFF) << 12;
            tm = tb;
            timeBaseSet = true;
            nHigh++;
            pos += 2;
            break;
          }
          nBefore++;
        }
        in.pos(pos);
      }
    }
    int bad = -1;
    int badWord = 0;
    while (n < cap) {
      if (in.remaining() < 2 && !in.fill(2)) {
        if (n == 0 && in.remaining() > 0) {
          throw error(in.position(), "truncated: 1 trailing byte does not make a 2-byte EVT 3.0 word");
        }
        break;
      }
      byte[] b = in.buffer();
      int pos = in.pos();
      int end = pos + (in.remaining() & ~1);
      loop:
      for (; pos < end; pos += 2) {
        int word = (short) Bytes.SHORT_LE.get(b, pos) & 0xFFFF;
        int type = word >>> 12;
        if ((type & 0xD) == 0) {
          // EVT_ADDR_Y (0x0) or EVT_ADDR_X (0x2), 80-85 % of the words of a recording, in runs too short to predict:
          // one branch-free step for both. The event slot is written either way; only ADDR_X advances n.
          int v = word & 0x7FF;
          int isX = type >>> 1;
          if (v >= h + ((w - h) & -isX)) {
            bad = pos;
            badWord = word;
            break;
          }
          ts[n] = tm;
          xs[n] = v;
          ys[n] = cy;
          ps[n] = (byte) ((word >>> 11) & 1);
          cy = v + ((cy - v) & -isX);
          n += isX;
          if (n == cap) {
            pos += 2;
            break;
          }
          continue;
        }
        switch (type) {
          case 0x4: // VECT_12
          case 0x5: { // VECT_8
            boolean v12 = (word >>> 12) == 0x4;
            int m = v12 ? word & 0xFFF : word & 0xFF;
            int next = (bx + (v12 ? 12 : 8)) & 0xFFFF; // Prophesee keeps base x in a uint16
            if (m != 0) {
              if (bx + 31 - Integer.numberOfLeadingZeros(m) >= w) {
                bad = pos;
                badWord = word;
                break loop;
              }
              if (n + Integer.bitCount(m) <= cap) {
                do {
                  ts[n] = tm;
                  xs[n] = bx + Integer.numberOfTrailingZeros(m);
                  ys[n] = cy;
                  ps[n] = (byte) cp;
                  n++;
                  m &= m - 1;
                } while (m != 0);
              } else {
                while (n < cap) {
                  ts[n] = tm;
                  xs[n] = bx + Integer.numberOfTrailingZeros(m);
                  ys[n] = cy;
                  ps[n] = (byte) cp;
                  n++;
                  m &= m - 1;
                }
                pendingMask = m;
                pendingX = bx;
              }
            }
            bx = next;
            if (n == cap) {
              pos += 2;
              break loop;
            }
            break;
          }
          case 0x6: // EVT_TIME_LOW
            tm = tb + (word & 0xFFF);
            nLow++;
            break;
          case 0x3: // VECT_BASE_X
            bx = word & 0x7FF;
            cp = (word >>> 11) & 1;
            break;
          case 0x8: { // EVT_TIME_HIGH
            long nb = ((long) (word & 0xFFF) << 12) + loops * TIME_LOOP;
            if (tb > nb && tb - nb >= MAX_TIME_BASE - LOOP_THRESHOLD) {
              nb += TIME_LOOP;
              loops++;
            }
            tb = nb;
            tm = nb;
            nHigh++;
            break;
          }
          case 0xA:
            nTrig++;
            break;
          case 0xE:
            nOthers++;
            break;
          case 0x7:
          case 0xF:
            nCont++;
            break;
          default:
            bad = pos;
            badWord = word;
            break loop;
        }
      }
      in.pos(pos);
      if (bad >= 0) {
        break;
      }
    }
    time = tm;
    y = cy;
    baseX = bx;
    pol = cp;
    timeBase = tb;
    skip("time_high", nHigh);
    skip("time_low", nLow);
    skip("ext_trigger", nTrig);
    skip("others", nOthers);
    skip("continued", nCont);
    skip("before_time_high", nBefore);
    batch.setSize(n);
    if (bad >= 0 && n == 0) {
      throw error(in.offsetOf(bad), describe(badWord, bx));
    }
  }

  private String describe(int word, int bx) {
    int type = word >>> 12;
    switch (type) {
      case 0x0:
        return String.format("EVT_ADDR_Y word 0x%04x has y %d outside the %dx%d sensor", word, word & 0x7FF, width,
            height);
      case 0x2:
        return String.format("EVT_ADDR_X word 0x%04x has x %d outside the %dx%d sensor", word, word & 0x7FF, width,
            height);
      case 0x4:
      case 0x5:
        return String.format("vector word 0x%04x at base x %d sets x up to %d, outside the %dx%d sensor", word, bx,
            bx + 31 - Integer.numberOfLeadingZeros(type == 0x4 ? word & 0xFFF : word & 0xFF), width, height);
      default:
        return String.format("unknown EVT 3.0 word type 0x%x in word 0x%04x (expected 0x0 ADDR_Y, 0x2 ADDR_X,"
            + " 0x3 VECT_BASE_X, 0x4 VECT_12, 0x5 VECT_8, 0x6 TIME_LOW, 0x7 CONTINUED_4, 0x8 TIME_HIGH,"
            + " 0xA EXT_TRIGGER, 0xE OTHERS, 0xF CONTINUED_12)", type, word);
    }
  }
}
