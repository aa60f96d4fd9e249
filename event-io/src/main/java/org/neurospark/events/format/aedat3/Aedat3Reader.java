package org.neurospark.events.format.aedat3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;
import org.neurospark.events.io.RepeatablePayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cAER AEDAT 3.1 reader (DVS128 Gesture), streaming in constant memory (EVENT-FORMATS.md §3).
 *
 * <p>Layout: text header lines {@code #!AER-DAT3.1} … {@code #!END-HEADER} ({@link Aedat3Header}), then packets
 * back to back, each a 28-byte little-endian header {@code int16 eventType, int16 eventSource, int32 eventSize,
 * int32 eventTSOffset, int32 eventTSOverflow, int32 eventCapacity, int32 eventNumber, int32 eventValid} followed by
 * {@code eventNumber × eventSize} bytes of events (a warning is logged once when {@code eventCapacity} differs).
 *
 * <p>Polarity packets (type 1) hold 8-byte events {@code uint32 data, int32 timestamp}: valid = bit 0,
 * p = bit 1 (1 = ON), y = bits 16..2, x = bits 31..17; time in µs = {@code eventTSOverflow << 31 | timestamp}.
 * Events whose valid bit is 0 are dropped and counted as {@code "invalid_polarity"} in {@link #skipped()}. Events of
 * every other packet type are skipped without decoding and counted by kind ({@code "special"}, {@code "frame"},
 * {@code "imu6"}, ..., {@code "type_<N>"}); the count is in events (the packets' eventNumber).
 *
 * <p>The sensor size comes from the header ({@code sizeX}/{@code sizeY} if present, else the first
 * {@code #Source} camera name: DVS128 → 128 × 128); when known, events outside it raise
 * {@link org.neurospark.events.EventFileException}. Only {@code #Format: RAW} is supported.
 */
public final class Aedat3Reader extends AbstractEventReader implements RepeatablePayload {
  private static final Logger LOG = LoggerFactory.getLogger(Aedat3Reader.class);

  /** Bytes of a packet header. */
  public static final int PACKET_HEADER_BYTES = 28;
  /** Polarity event type. */
  public static final int POLARITY = 1;
  /** Bytes per polarity event. */
  public static final int POLARITY_EVENT_BYTES = 8;
  /** The last header line. */
  public static final String END_HEADER = "#!END-HEADER";
  /** Largest text header accepted (a corrupt file without END-HEADER fails fast instead of scanning it all). */
  public static final int MAX_HEADER_BYTES = 16 << 20;

  private static final String[] KINDS = {"special", "polarity", "frame", "imu6", "imu9", "sample", "ear", "config",
      "point1d", "point2d", "point3d", "point4d", "spike"};

  private final Aedat3Header header;
  private final int width;
  private final int height;

  private long remaining; // polarity events left in the current packet
  private long overflow; // current packet's eventTSOverflow << 31
  private long packetOffset;
  private long packets;
  private boolean capacityWarned;
  // skip counts gathered in primitives and published to skipped() once per read (no boxing per packet)
  private final long[] pendingSkips = new long[KINDS.length];
  private long pendingInvalid;

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public Aedat3Reader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public Aedat3Reader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    try {
      header = readHeader();
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    width = header.width();
    height = header.height();
    setInfo(new RecordingInfo(source.name(), EventFormat.AEDAT3, width, height));
  }

  /** The parsed text header. */
  public Aedat3Header header() {
    return header;
  }

  /** The packets: from the end of the text header to the end of the file (packets are self-contained). */
  @Override
  public Range payloadRange() {
    return new Range(header.dataOffset(), in.size());
  }

  /** Packets (of every type) read so far. */
  public long packets() {
    return packets;
  }

  private Aedat3Header readHeader() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      long lineAt = in.position();
      if (lineAt > MAX_HEADER_BYTES) {
        throw error(lineAt, "no '" + END_HEADER + "' line within the first " + MAX_HEADER_BYTES + " bytes");
      }
      int nl = -1;
      while (true) {
        byte[] b = in.buffer();
        for (int i = in.pos(); i < in.limit(); i++) {
          if (b[i] == '\n') {
            nl = i;
            break;
          }
        }
        if (nl >= 0 || !in.fill(in.remaining() + 1) || in.remaining() > 1 << 20) {
          break;
        }
      }
      if (nl < 0) {
        throw error(lineAt, lines.isEmpty() ? "not an AEDAT 3.1 file: no header line"
            : "truncated header: the file ends (or a line exceeds 1 MiB) before '" + END_HEADER + "'");
      }
      int start = in.pos();
      int end = nl > start && in.buffer()[nl - 1] == '\r' ? nl - 1 : nl;
      String line = new String(in.buffer(), start, end - start, StandardCharsets.ISO_8859_1);
      in.pos(nl + 1);
      if (lines.isEmpty() && !line.startsWith("#!AER-DAT3")) {
        throw error(0, "not an AEDAT 3.1 file: first line is not '#!AER-DAT3.1'");
      }
      if (!line.startsWith("#")) {
        throw error(lineAt, "header line does not start with '#' before '" + END_HEADER + "'");
      }
      lines.add(line);
      if (line.equals(END_HEADER)) {
        break;
      }
    }
    Aedat3Header h = Aedat3Header.of(lines, in.position());
    if (!h.format().equalsIgnoreCase("RAW")) {
      throw error(0, "unsupported AEDAT 3.1 '#Format: " + h.format() + "' (only RAW is supported)");
    }
    return h;
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int cap = batch.capacity();
    int n = 0;
    final int w = width;
    final int h = height;
    final boolean checkRange = w > 0;
    while (n < cap) {
      if (remaining == 0) {
        if (!nextPolarityPacket()) {
          break;
        }
        continue;
      }
      if (in.remaining() < POLARITY_EVENT_BYTES && !in.fill(POLARITY_EVENT_BYTES)) {
        throw error(in.position(), "truncated polarity packet (header at byte " + packetOffset + "): " + remaining
            + " events still expected, " + in.remaining() + " bytes left in the file");
      }
      byte[] b = in.buffer();
      int p = in.pos();
      long take = Math.min(remaining, in.remaining() / POLARITY_EVENT_BYTES);
      int end = p + (int) take * POLARITY_EVENT_BYTES;
      long ovf = overflow;
      int invalid = 0;
      for (; p < end && n < cap; p += POLARITY_EVENT_BYTES) {
        int data = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
        int ts = (b[p + 4] & 0xFF) | (b[p + 5] & 0xFF) << 8 | (b[p + 6] & 0xFF) << 16 | b[p + 7] << 24;
        if ((data & 1) == 0) {
          invalid++;
          continue;
        }
        int x = data >>> 17;
        int y = (data >>> 2) & 0x7FFF;
        if (ts < 0 || (checkRange && (x >= w || y >= h))) {
          throw error(in.offsetOf(p), ts < 0 ? "polarity event has a negative timestamp " + ts
              + " (expected a 31-bit value)" : "polarity event (x, y) = (" + x + ", " + y
              + ") outside the " + w + " x " + h + " sensor");
        }
        t[n] = ovf | ts;
        xs[n] = x;
        ys[n] = y;
        ps[n] = (byte) ((data >>> 1) & 1);
        n++;
      }
      remaining -= (p - in.pos()) / POLARITY_EVENT_BYTES;
      in.pos(p);
      pendingInvalid += invalid;
    }
    batch.setSize(n);
    publishSkips();
  }

  private void publishSkips() {
    if (pendingInvalid > 0) {
      skip("invalid_polarity", pendingInvalid);
      pendingInvalid = 0;
    }
    for (int k = 0; k < pendingSkips.length; k++) {
      if (pendingSkips[k] > 0) {
        skip(KINDS[k], pendingSkips[k]);
        pendingSkips[k] = 0;
      }
    }
  }

  /** Reads packet headers, skipping non-polarity packets, until one with events; false at the end of the file. */
  private boolean nextPolarityPacket() throws IOException {
    while (true) {
      if (!in.fill(PACKET_HEADER_BYTES)) {
        if (in.remaining() == 0) {
          return false;
        }
        throw error(in.position(), "truncated packet header: " + in.remaining() + " bytes at the end of the file,"
            + " need " + PACKET_HEADER_BYTES);
      }
      long at = in.position();
      byte[] b = in.buffer();
      int p = in.pos();
      int type = (short) ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8);
      int size = int32(b, p + 4);
      int tsOffset = int32(b, p + 8);
      int tsOverflow = int32(b, p + 12);
      int capacity = int32(b, p + 16);
      int number = int32(b, p + 20);
      int valid = int32(b, p + 24);
      if (type < 0) {
        throw error(at, "packet eventType " + type + " has bit 15 set (compressed packets are not supported)");
      }
      if (size <= 0 || number < 0 || valid < 0 || valid > number || tsOffset < 0 || tsOffset > size - 4
          || tsOverflow < 0) {
        throw error(at, "corrupt packet header: eventType " + type + ", eventSize " + size + ", eventTSOffset "
            + tsOffset + ", eventTSOverflow " + tsOverflow + ", eventNumber " + number + ", eventValid " + valid);
      }
      long payload = (long) number * size;
      long left = in.size() - at - PACKET_HEADER_BYTES;
      if (payload > left) {
        throw error(at, "truncated packet: eventType " + type + " declares " + number + " events × " + size
            + " bytes = " + payload + " bytes, only " + left + " remain in the file");
      }
      if (capacity != number && !capacityWarned) {
        capacityWarned = true;
        LOG.warn("{} @ byte {}: packet eventCapacity {} differs from eventNumber {}; reading eventNumber events",
            in.name(), at, capacity, number);
      }
      in.pos(p + PACKET_HEADER_BYTES);
      packets++;
      if (type == POLARITY) {
        if (size != POLARITY_EVENT_BYTES || tsOffset != 4) {
          throw error(at, "polarity packet with eventSize " + size + " and eventTSOffset " + tsOffset
              + " (expected 8 and 4)");
        }
        if (number == 0) {
          continue;
        }
        remaining = number;
        overflow = (long) tsOverflow << 31;
        packetOffset = at;
        return true;
      }
      if (type < KINDS.length) {
        pendingSkips[type] += number;
      } else {
        skip("type_" + type, number);
      }
      if (in.remaining() >= payload) {
        in.pos(in.pos() + (int) payload);
      } else {
        in.seek(at + PACKET_HEADER_BYTES + payload);
      }
    }
  }

  private static int int32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
  }
}
