package org.neurospark.events.format.aedat2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.ReadOptions.Aedat2Layout;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;
import org.neurospark.events.io.Bytes;
import org.neurospark.events.io.HeaderLines;
import org.neurospark.events.io.RepeatablePayload;

/**
 * jAER AEDAT 2.0 (8-byte records: big-endian int32 address, int32 µs timestamp) and AEDAT 1.0 (6-byte records:
 * int16 address, int32 timestamp) after a {@code '#'} text header (LF or CRLF lines; see EVENT-FORMATS.md §2).
 *
 * <p><b>Layout.</b> {@link ReadOptions#aedat2Layout()} or, for AUTO, the header's {@code # AEChip:} class
 * (DVS128 → {@link Aedat2Layout#DVS128}, any DAVIS chip → {@link Aedat2Layout#DAVIS}); without an AEChip line the
 * first 64 KiB of records decide (any DVS address using bits 16..30 → DAVIS, else DVS128). Sensor size comes from the
 * chip: DVS128 128×128, DAVIS240 240×180, DAVIS346 346×260, DAVIS128 128×128, DAVIS640 640×480; a DAVIS file of an
 * unknown chip reports 0×0.
 *
 * <p><b>Output.</b> Raw address fields: DVS128 x = (a >> 1) & 0x7F, y = (a >> 8) & 0x7F, p = a & 1 (raw bit; jAER
 * calls raw 0 ON); DAVIS x = (a >> 12) & 0x3FF, y = (a >> 22) & 0x1FF, p = (a >> 11) & 1 (1 = ON). jAER's display
 * convention is {@link ReadOptions#jaer(Aedat2Layout)}.
 *
 * <p><b>Non-event words</b>, counted in {@link #skipped()} and never emitted: {@code "special"} (DVS128 bit 15 or 31
 * sync/special events; DAVIS DVS words with the external-input bit 10), {@code "imu"} (DAVIS words with
 * {@code (a & 0x80000C00) == 0x80000C00}), {@code "aps"} (other DAVIS words with bit 31).
 *
 * <p><b>Time.</b> The 32-bit counter is read unsigned and unwrapped to 64 bits: a backward step of more than 2^31 µs
 * is a wrap and adds 2^32 µs to every later timestamp; a forward step of more than 2^31 µs right after a wrap is a
 * straggler from before it (kept in the previous epoch). Smaller backward steps are kept as stored (jAER calls them
 * non-monotonic).
 *
 * <p><b>Header.</b> Lines starting with {@code '#'}; the data starts at the first byte of the first line that does not
 * (as tonic and SpikingJelly scan), or right after a {@code #End Of ASCII Header} line when jAER wrote one, so a first
 * record whose address begins with byte 0x23 is still read as data.
 *
 * <p><b>Errors</b> ({@link org.neurospark.events.EventFileException}, with byte offset): a DVS128 address that sets
 * bits 16..30 (not a DVS128 address), a DAVIS DVS address outside the chip's sensor, a trailing partial record (raised
 * after every whole record was delivered). A header-only file reads as 0 events.
 */
public final class Aedat2Reader extends AbstractEventReader implements RepeatablePayload {
  private static final long WRAP = 1L << 32;
  private static final long HALF = 1L << 31;
  private static final int PROBE_BYTES = 64 * 1024;
  /** jAER's explicit end-of-header line; after it the data starts even if its first byte is '#'. */
  static final String END_OF_HEADER = "#End Of ASCII Header";

  private final List<String> header;
  private final int version;
  private final String chip;
  private final Aedat2Layout layout;
  private final int recordBytes;
  private final long dataStart;
  private final int width;
  private final int height;
  private final int xLimit;
  private final int yLimit;

  private long lastTs = Long.MIN_VALUE;
  private long epoch;
  private int filled;

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public Aedat2Reader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public Aedat2Reader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    try {
      header = HeaderLines.read(in, (byte) '#', END_OF_HEADER);
      dataStart = in.position();
      version = versionOf(header);
      if (version > 2) {
        throw error(0, "the header declares AEDAT " + version + ".x; this reader reads AEDAT 1.0 and 2.0");
      }
      chip = chipOf(header);
      recordBytes = version == 1 ? 6 : 8;
      layout = resolveLayout(options.aedat2Layout());
      if (version == 1 && layout == Aedat2Layout.DAVIS) {
        throw error(dataStart, "AEDAT 1.0 has 16-bit addresses, which cannot hold the DAVIS layout");
      }
      int[] size = sensorSize(layout, chip);
      width = size[0];
      height = size[1];
      xLimit = width > 0 ? width : (layout == Aedat2Layout.DAVIS ? 1024 : 128);
      yLimit = height > 0 ? height : (layout == Aedat2Layout.DAVIS ? 512 : 128);
      setInfo(new RecordingInfo(source.name(), EventFormat.AEDAT2, width, height));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Header lines as stored (without line ends). */
  public List<String> headerLines() {
    return header;
  }

  /** 1 or 2. */
  public int version() {
    return version;
  }

  /** The {@code # AEChip:} class name, or null when the header has none. */
  public String chip() {
    return chip;
  }

  /** The address layout in use (never AUTO). */
  public Aedat2Layout layout() {
    return layout;
  }

  /** Byte offset of the first record. */
  public long dataStart() {
    return dataStart;
  }

  @Override
  public Range payloadRange() {
    long len = in.size() - dataStart;
    return new Range(dataStart, dataStart + len - len % recordBytes);
  }

  static int versionOf(List<String> header) {
    for (String line : header) {
      String s = line.trim();
      if (s.startsWith("#!AER-DAT")) {
        char major = s.length() > 9 ? s.charAt(9) : '2';
        return major >= '1' && major <= '9' ? major - '0' : 2;
      }
    }
    return 1; // jAER: no version line means AEDAT 1.0
  }

  static String chipOf(List<String> header) {
    for (String line : header) {
      int i = line.indexOf("AEChip:");
      if (i >= 0 && line.substring(0, i).replace("#", "").isBlank()) {
        return line.substring(i + "AEChip:".length()).trim();
      }
    }
    return null;
  }

  /** Layout named by a jAER chip class, or null when the name is not recognised. */
  static Aedat2Layout layoutOfChip(String chip) {
    if (chip == null) {
      return null;
    }
    String c = chip.toLowerCase(Locale.ROOT);
    if (c.contains("davis")) {
      return Aedat2Layout.DAVIS;
    }
    if (c.contains("dvs128") || c.contains("tmpdiff128")) {
      return Aedat2Layout.DVS128;
    }
    return null;
  }

  /** {width, height} for the layout and chip; {0, 0} when unknown. */
  static int[] sensorSize(Aedat2Layout layout, String chip) {
    if (layout == Aedat2Layout.DVS128) {
      return new int[] {128, 128};
    }
    String c = chip == null ? "" : chip.toLowerCase(Locale.ROOT);
    if (c.contains("davis240")) {
      return new int[] {240, 180};
    }
    if (c.contains("davis346")) {
      return new int[] {346, 260};
    }
    if (c.contains("davis640")) {
      return new int[] {640, 480};
    }
    if (c.contains("davis128")) {
      return new int[] {128, 128};
    }
    return new int[] {0, 0};
  }

  private Aedat2Layout resolveLayout(Aedat2Layout requested) throws IOException {
    if (requested != Aedat2Layout.AUTO) {
      return requested;
    }
    Aedat2Layout fromChip = layoutOfChip(chip);
    if (fromChip != null) {
      return fromChip;
    }
    if (version == 1) {
      return Aedat2Layout.DVS128;
    }
    in.fill(PROBE_BYTES); // may return fewer bytes; nothing is consumed
    byte[] b = in.buffer();
    for (int pos = in.pos(), end = in.limit() - 7; pos < end; pos += 8) {
      int a = (int) Bytes.INT_BE.get(b, pos);
      if (a >= 0 && (a & 0x7FFF0000) != 0) {
        return Aedat2Layout.DAVIS;
      }
    }
    return Aedat2Layout.DVS128;
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    int cap = batch.capacity();
    filled = 0;
    int rs = recordBytes;
    while (filled < cap) {
      if (in.remaining() < rs && !in.fill(rs)) {
        if (filled == 0) {
          checkTail();
        }
        break;
      }
      int pos = in.pos();
      int end = pos + Math.min(in.remaining() / rs, cap - filled) * rs;
      int stop;
      if (version == 1) {
        stop = decodeV1(in.buffer(), pos, end, batch);
      } else if (layout == Aedat2Layout.DVS128) {
        stop = decodeDvs128(in.buffer(), pos, end, batch);
      } else {
        stop = decodeDavis(in.buffer(), pos, end, batch);
      }
      in.pos(stop);
      if (stop < end) {
        break; // a bad record at stop: deliver what we have, the next call raises the error
      }
    }
    batch.setSize(filled);
  }

  /** Unwraps one unsigned 32-bit timestamp (see class doc); slow path for wraps and the first record. */
  private long unwrapSlow(long u) {
    long d = u - lastTs;
    if (lastTs == Long.MIN_VALUE || (d >= HALF && (epoch == 0 || d == HALF))) {
      lastTs = u;
      return epoch + u;
    }
    if (d < -HALF) {
      epoch += WRAP;
      lastTs = u;
      return epoch + u;
    }
    return epoch - WRAP + u; // straggler from before the latest wrap
  }

  private int decodeDvs128(byte[] b, int pos, int end, EventBatch batch) throws IOException {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int n = filled;
    long last = lastTs;
    long ep = epoch;
    long special = 0;
    for (; pos < end; pos += 8) {
      if (last != Long.MIN_VALUE) {
        // a run of DVS128 events without a timestamp wrap: record of event i at wb + 8 i (see runDvs128)
        int wb = pos - 8 * n;
        int i = runDvs128(b, wb, n, n + ((end - pos) >>> 3), ep, last, t, xs, ys, ps);
        if (i > n) {
          last = (int) Bytes.INT_BE.get(b, wb + 8 * i - 4) & 0xFFFFFFFFL;
          n = i;
          pos = wb + 8 * i;
          if (pos >= end) {
            break;
          }
        }
      }
      long v = (long) Bytes.LONG_BE.get(b, pos);
      int a = (int) (v >>> 32);
      long u = v & 0xFFFFFFFFL;
      long d = u - last;
      long tt;
      if ((d + HALF) >>> 32 == 0) { // -2^31 <= d < 2^31: no wrap
        last = u;
        tt = ep + u;
      } else {
        lastTs = last;
        tt = unwrapSlow(u);
        last = lastTs;
        ep = epoch;
      }
      if ((a & 0xFFFF8000) == 0) {
        t[n] = tt;
        xs[n] = (a >>> 1) & 0x7F;
        ys[n] = (a >>> 8) & 0x7F;
        ps[n] = (byte) (a & 1);
        n++;
      } else if (a < 0 || (a & 0x7FFF0000) == 0) {
        special++;
      } else {
        lastTs = last;
        epoch = ep;
        finish(n, special, 0, 0);
        if (n > 0) {
          return pos;
        }
        throw error(in.offsetOf(pos), String.format("address 0x%08x sets bits 16..30, which the DVS128 layout does not"
            + " use (expected a 15-bit DVS128 address, bit 15/31 special; is this a DAVIS recording?"
            + " choose ReadOptions.Aedat2Layout.DAVIS)", a));
      }
    }
    lastTs = last;
    epoch = ep;
    finish(n, special, 0, 0);
    return pos;
  }

  private int decodeDavis(byte[] b, int pos, int end, EventBatch batch) throws IOException {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int n = filled;
    long last = lastTs;
    long ep = epoch;
    long special = 0;
    long imu = 0;
    long aps = 0;
    int xl = xLimit;
    int yl = yLimit;
    for (; pos < end; pos += 8) {
      if (b[pos] >= 0 && last != Long.MIN_VALUE) {
        // a run of in-sensor DVS events without a timestamp wrap: record of event i at wb + 8 i (see runDavis)
        int wb = pos - 8 * n;
        int i = runDavis(b, wb, n, n + ((end - pos) >>> 3), ep, last, t, xs, ys, ps);
        if (i > n) {
          last = (int) Bytes.INT_BE.get(b, wb + 8 * i - 4) & 0xFFFFFFFFL;
          n = i;
          pos = wb + 8 * i;
          if (pos >= end) {
            break;
          }
        }
      }
      long v = (long) Bytes.LONG_BE.get(b, pos);
      int a = (int) (v >>> 32);
      long u = v & 0xFFFFFFFFL;
      long d = u - last;
      long tt;
      if ((d + HALF) >>> 32 == 0) { // -2^31 <= d < 2^31: no wrap
        last = u;
        tt = ep + u;
      } else {
        lastTs = last;
        tt = unwrapSlow(u);
        last = lastTs;
        ep = epoch;
      }
      if (a >= 0) {
        if ((a & 0x400) != 0) {
          special++;
          continue;
        }
        int x = (a >>> 12) & 0x3FF;
        int y = (a >>> 22) & 0x1FF;
        if ((x >= xl) | (y >= yl)) {
          lastTs = last;
          epoch = ep;
          finish(n, special, imu, aps);
          if (n > 0) {
            return pos;
          }
          throw error(in.offsetOf(pos), String.format("DVS address 0x%08x decodes to x %d, y %d, outside the %dx%d"
              + " sensor of %s", a, x, y, xl, yl, chip == null ? "this DAVIS layout" : chip));
        }
        t[n] = tt;
        xs[n] = x;
        ys[n] = y;
        ps[n] = (byte) ((a >>> 11) & 1);
        n++;
      } else if ((a & 0xC00) == 0xC00) {
        imu++;
      } else {
        aps++;
      }
    }
    lastTs = last;
    epoch = ep;
    finish(n, special, imu, aps);
    return pos;
  }

  /**
   * Decodes consecutive DVS128 event records (address bits 15..31 zero) whose timestamps do not wrap, as events
   * {@code n..iEnd-1}, the record of event i at byte {@code wb + 8 i} of {@code b}; stops at the first other record
   * (special, foreign bits, a wrap), which the caller's word-by-word loop then handles. With record and event in one
   * counted index the JIT checks array bounds once per run, not per record, as in the EVT 2.0 reader. Returns the
   * index of the first event not decoded.
   */
  private static int runDvs128(byte[] b, int wb, int n, int iEnd, long ep, long last, long[] t, int[] xs, int[] ys,
      byte[] ps) {
    int i = n;
    for (; i < iEnd; i++) {
      long v = (long) Bytes.LONG_BE.get(b, wb + 8 * i);
      int a = (int) (v >>> 32);
      long u = v & 0xFFFFFFFFL;
      if (((a & 0xFFFF8000) | ((u - last + HALF) >>> 32)) != 0) {
        break;
      }
      last = u;
      t[i] = ep + u;
      xs[i] = (a >>> 1) & 0x7F;
      ys[i] = (a >>> 8) & 0x7F;
      ps[i] = (byte) (a & 1);
    }
    return i;
  }

  /**
   * As {@link #runDvs128} for the DAVIS layout: consecutive DVS records (bits 31 and 10 zero) inside the
   * {@code xl}×{@code yl} sensor whose timestamps do not wrap.
   */
  private int runDavis(byte[] b, int wb, int n, int iEnd, long ep, long last, long[] t, int[] xs, int[] ys,
      byte[] ps) {
    final int xl = xLimit;
    final int yl = yLimit;
    int i = n;
    for (; i < iEnd; i++) {
      long v = (long) Bytes.LONG_BE.get(b, wb + 8 * i);
      int a = (int) (v >>> 32);
      long u = v & 0xFFFFFFFFL;
      int x = (a >>> 12) & 0x3FF;
      int y = (a >>> 22) & 0x1FF;
      // negative iff x < xl, y < yl and bits 31 and 10 are zero (a DVS event); then no wrap: one branch
      if (((x - xl) & (y - yl) & ~(a | (a << 21))) >= 0 | ((u - last + HALF) >>> 32) != 0) {
        break;
      }
      last = u;
      t[i] = ep + u;
      xs[i] = x;
      ys[i] = y;
      ps[i] = (byte) ((a >>> 11) & 1);
    }
    return i;
  }

  private int decodeV1(byte[] b, int pos, int end, EventBatch batch) {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int n = filled;
    long special = 0;
    for (; pos < end; pos += 6) {
      int a = (short) Bytes.SHORT_BE.get(b, pos) & 0xFFFF;
      long u = (int) Bytes.INT_BE.get(b, pos + 2) & 0xFFFFFFFFL;
      long d = u - lastTs;
      long tt;
      if ((d + HALF) >>> 32 == 0) { // -2^31 <= d < 2^31: no wrap
        lastTs = u;
        tt = epoch + u;
      } else {
        tt = unwrapSlow(u);
      }
      if ((a & 0x8000) != 0) {
        special++;
        continue;
      }
      t[n] = tt;
      xs[n] = (a >>> 1) & 0x7F;
      ys[n] = (a >>> 8) & 0x7F;
      ps[n] = (byte) (a & 1);
      n++;
    }
    finish(n, special, 0, 0);
    return pos;
  }

  private void finish(int n, long special, long imu, long aps) {
    filled = n;
    skip("special", special);
    skip("imu", imu);
    skip("aps", aps);
  }

  private void checkTail() throws IOException {
    if (in.remaining() > 0) {
      throw error(in.position(), "truncated: " + in.remaining() + " trailing bytes do not make a " + recordBytes
          + "-byte AEDAT " + version + ".0 record (data starts at byte " + dataStart + ")");
    }
  }
}
