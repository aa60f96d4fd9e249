package org.neurospark.events.format.aedat4;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;
import org.neurospark.events.io.RepeatablePayload;

/**
 * DV AEDAT 4.0 ({@code .aedat4}) reader, streaming one packet at a time.
 *
 * <p>File layout (EVENT-FORMATS.md §4): the magic {@code #!AER-DAT4.0\r\n}; a {@code uint32} length and an
 * IOHeader flatbuffer ({@link IoHeader}: compression, FileDataTable position, info XML); then packets
 * {@code int32 streamId, uint32 size, body} until the end of the file or the FileDataTable. Each body is compressed
 * on its own ({@link Compression}) and decompresses to a size-prefixed flatbuffer whose identifier is the stream's
 * type ({@code EVTS}, {@code IMUS}, {@code TRIG}, {@code FRME}, ...).
 *
 * <p>Events come from the first {@code EVTS} stream declared in the XML (the lowest-numbered one); its
 * {@code sizeX}/{@code sizeY} give the sensor size. {@code EventPacket { elements:[Event] }} holds 16-byte structs
 * {@code t:int64 (µs), x:int16, y:int16, on:bool}; {@code on != 0} is ON. Packets of every other stream are skipped
 * without decompression and counted in {@link #skipped()} per type as packets ({@code "imu_packets"},
 * {@code "trigger_packets"}, {@code "frame_packets"}, a second EVTS stream as {@code "events_stream_<id>_packets"};
 * see {@link #skipKind}). Timestamps are as stored (absolute µs, Unix epoch in DV
 * recordings).
 *
 * <p>Memory: one reused compressed-packet buffer (inside the file input) and one reused decompression buffer, each
 * as large as the largest packet; packets over {@link #MAX_PACKET_BYTES} are rejected as corrupt.
 *
 * <p>Errors ({@link org.neurospark.events.EventFileException}) name the file and the byte offset: of the packet
 * header for framing/decompression problems; of the packet header plus the offset inside the decompressed body for
 * flatbuffer problems (the message says both); of the packet header for out-of-range coordinates.
 */
public final class Aedat4Reader extends AbstractEventReader implements RepeatablePayload {
  /** The file magic, 14 bytes. */
  public static final String MAGIC = "#!AER-DAT4.0\r\n";
  /**
   * Largest compressed or decompressed packet body accepted: 64 MiB (4 M events; DV writes packets of a few ms, far
   * smaller). A corrupt size field beyond it is reported instead of exhausting a small heap.
   */
  public static final int MAX_PACKET_BYTES = 1 << 26;
  /** Size of one Event struct in an EventPacket vector. */
  public static final int EVENT_BYTES = 16;

  private final IoHeader header;
  private final List<StreamInfo> streams;
  private final Map<Integer, StreamInfo> byId = new HashMap<>();
  private final StreamInfo events;
  private final long packetsEnd;
  private final long dataStart;
  private final int width;
  private final int height;
  private final PacketDecompressor decompressor;
  private final FlatBufferView view = new FlatBufferView();

  // current EVTS packet
  private byte[] cur;
  private int curPos;
  private int curEnd;
  private long curPacketOffset;
  private int bodyStart;
  private long eventPackets;
  private boolean done;
  // skipped packets per declared stream (index in streams), published to skipped() once per read
  private long[] pendingSkips;
  /** {@link #skipKind} of each stream, by index. */
  private String[] skipKinds;
  private final Map<Integer, Integer> streamIndex = new HashMap<>();

  /** Opens local file {@code file} (the reader owns the {@link FileByteSource} it opens). */
  public Aedat4Reader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public Aedat4Reader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    try {
      byte[] magic = MAGIC.getBytes(StandardCharsets.ISO_8859_1);
      if (!in.fill(magic.length + 4)) {
        throw error(0, "truncated: " + in.size() + " bytes cannot hold the AEDAT 4.0 magic and header length");
      }
      byte[] b = in.buffer();
      for (int i = 0; i < magic.length; i++) {
        if (b[in.pos() + i] != magic[i]) {
          throw error(i, "not an AEDAT 4.0 file: expected magic '#!AER-DAT4.0\\r\\n'");
        }
      }
      long hlen = FlatBufferView.getInt(b, in.pos() + magic.length) & 0xFFFFFFFFL;
      long hstart = magic.length + 4;
      if (hlen < 8 || hstart + hlen > in.size() || hlen > MAX_PACKET_BYTES) {
        throw error(magic.length, "IOHeader length " + hlen + " does not fit the file of " + in.size() + " bytes");
      }
      in.pos(in.pos() + (int) hstart);
      in.require((int) hlen, "IOHeader");
      int hp = in.pos();
      try {
        header = IoHeader.parse(in.buffer(), hp, hp + (int) hlen);
      } catch (FlatBufferException e) {
        throw error(hstart + e.offset(), "corrupt IOHeader flatbuffer: " + e.getMessage());
      }
      in.pos(hp + (int) hlen);
      long dtp = header.dataTablePosition();
      dataStart = hstart + hlen;
      if (dtp >= 0 && dtp < dataStart) {
        throw error(hstart, "IOHeader file_data_position " + dtp + " lies before the first packet at " + dataStart);
      }
      // a table position past the end means the file was cut: read the packets that are there and report the cut
      packetsEnd = dtp >= 0 && dtp <= in.size() ? dtp : in.size();
      try {
        streams = InfoXml.streams(header.description());
      } catch (IllegalArgumentException e) {
        throw error(hstart, "IOHeader description: " + e.getMessage());
      }
      StreamInfo ev = null;
      for (int k = 0; k < streams.size(); k++) {
        streamIndex.putIfAbsent(streams.get(k).id(), k);
      }
      for (StreamInfo s : streams) {
        if (byId.putIfAbsent(s.id(), s) != null) {
          throw error(hstart, "IOHeader description declares stream id " + s.id() + " twice");
        }
        if (s.isEvents() && (ev == null || s.id() < ev.id())) {
          ev = s;
        }
      }
      events = ev;
      if (ev != null && (ev.sizeX() < 0 || ev.sizeY() < 0 || ev.sizeX() > 32768 || ev.sizeY() > 32768)) {
        throw error(hstart, "EVTS stream declares an impossible sensor size " + ev.sizeX() + " x " + ev.sizeY());
      }
      // a size needs both dimensions; one alone is treated as undeclared
      boolean sized = ev != null && ev.sizeX() > 0 && ev.sizeY() > 0;
      width = sized ? ev.sizeX() : 0;
      height = sized ? ev.sizeY() : 0;

      decompressor = new PacketDecompressor(header.compression(), MAX_PACKET_BYTES);
      pendingSkips = new long[streams.size()];
      skipKinds = streams.stream().map(Aedat4Reader::skipKind).toArray(String[]::new);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    setInfo(new RecordingInfo(source.name(), EventFormat.AEDAT4, width, height));
  }

  /** The decoded IOHeader. */
  public IoHeader header() {
    return header;
  }

  /** Streams declared in the info XML, in document order. */
  public List<StreamInfo> streams() {
    return Collections.unmodifiableList(streams);
  }

  /**
   * The packets, when the file has no FileDataTable (packets run to the end of the file, so copies of them may be
   * appended); otherwise an empty range, because the header's table position ends the packets after one copy.
   */
  @Override
  public Range payloadRange() {
    return header.dataTablePosition() < 0 ? new Range(dataStart, packetsEnd) : new Range(dataStart, dataStart);
  }

  /** Number of event (EVTS) packets decoded so far. */
  public long eventPackets() {
    return eventPackets;
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
    while (n < cap) {
      if (curPos >= curEnd) {
        if (!nextEventPacket()) {
          break;
        }
        continue;
      }
      byte[] b = cur;
      int take = Math.min(cap - n, (curEnd - curPos) / EVENT_BYTES);
      int p = curPos;
      for (int k = 0; k < take; k++, p += EVENT_BYTES) {
        int x = FlatBufferView.getShort(b, p + 8);
        int y = FlatBufferView.getShort(b, p + 10);
        if (x < 0 || y < 0 || (w > 0 && (x >= w || y >= h))) {
          curPos = p;
          throw error(curPacketOffset, "event at decompressed byte " + (p - bodyStart) + " of the EVTS packet has"
              + " (x, y) = (" + x + ", " + y + ") outside the declared sensor " + w + " x " + h);
        }
        t[n] = FlatBufferView.getLong(b, p);
        xs[n] = x;
        ys[n] = y;
        ps[n] = b[p + 12] != 0 ? (byte) 1 : (byte) 0;
        n++;
      }
      curPos = p;
    }
    batch.setSize(n);
    publishSkips();
  }

  /**
   * The {@link #skipped()} key of a stream's packets, lowercase snake_case like every reader's:
   * {@code IMUS → "imu_packets"}, {@code TRIG → "trigger_packets"}, {@code FRME → "frame_packets"}, a second
   * {@code EVTS} stream {@code → "events_stream_<id>_packets"}, other identifiers lowercased.
   */
  static String skipKind(StreamInfo s) {
    String kind;
    switch (s.typeIdentifier()) {
      case StreamInfo.EVENTS:
        kind = "events_stream_" + s.id();
        break;
      case "IMUS":
        kind = "imu";
        break;
      case "TRIG":
        kind = "trigger";
        break;
      case "FRME":
        kind = "frame";
        break;
      default:
        kind = s.typeIdentifier().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
    return kind + "_packets";
  }

  private void publishSkips() {
    for (int k = 0; k < pendingSkips.length; k++) {
      if (pendingSkips[k] > 0) {
        skip(skipKinds[k], pendingSkips[k]);
        pendingSkips[k] = 0;
      }
    }
  }

  /** Reads packets until an EVTS packet with at least one event is loaded; false at the end of the packets. */
  private boolean nextEventPacket() throws IOException {
    while (!done) {
      long at = in.position();
      if (at >= packetsEnd) {
        done = true;
        return false;
      }
      if (packetsEnd - at < 8) {
        throw error(at, "truncated packet header: " + (packetsEnd - at) + " bytes left before "
            + (packetsEnd == in.size() ? "the end of the file" : "the FileDataTable at " + packetsEnd)
            + ", need 8");
      }
      in.require(8, "packet header");
      byte[] b = in.buffer();
      int streamId = FlatBufferView.getInt(b, in.pos());
      long size = FlatBufferView.getInt(b, in.pos() + 4) & 0xFFFFFFFFL;
      StreamInfo s = byId.get(streamId);
      if (s == null) {
        throw error(at, "packet for stream id " + streamId + ", which the IOHeader does not declare (declared: "
            + byId.keySet() + ")");
      }
      long bodyAt = at + 8;
      if (size > packetsEnd - bodyAt) {
        throw error(at, "truncated packet: stream " + streamId + " declares " + size + " bytes but only "
            + (packetsEnd - bodyAt) + " remain before " + (packetsEnd == in.size() ? "the end of the file"
            : "the FileDataTable at " + packetsEnd));
      }
      if (size > MAX_PACKET_BYTES) {
        throw error(at, "packet of " + size + " bytes exceeds the limit of " + MAX_PACKET_BYTES);
      }
      in.pos(in.pos() + 8);
      if (s != events) {
        pendingSkips[streamIndex.get(streamId)]++;
        if (in.remaining() >= size) {
          in.pos(in.pos() + (int) size);
        } else {
          in.seek(bodyAt + size);
        }
        continue;
      }
      in.require((int) size, "EVTS packet body");
      int bp = in.pos();
      int len;
      try {
        len = decompressor.decompress(in.buffer(), bp, (int) size);
      } catch (CompressionException e) {
        throw error(at, header.compression() + " packet body (" + size + " bytes at byte " + bodyAt
            + "): " + e.getMessage() + " (at body byte " + e.offset() + ")");
      }
      in.pos(bp + (int) size);
      loadEventPacket(decompressor.buffer(), decompressor.bufferOffset(), len, at);
      eventPackets++;
      if (curPos < curEnd) {
        return true;
      }
    }
    return false;
  }

  private void loadEventPacket(byte[] buf, int off, int len, long packetAt) throws IOException {
    if (len < 12) {
      throw error(packetAt, "EVTS packet decompresses to " + len + " bytes, too short for a size-prefixed"
          + " flatbuffer");
    }
    long prefix = FlatBufferView.getInt(buf, off) & 0xFFFFFFFFL;
    if (prefix > len - 4L) {
      throw error(packetAt, "EVTS flatbuffer size prefix " + prefix + " exceeds the " + (len - 4)
          + " decompressed bytes");
    }
    int fb = off + 4;
    view.reset(buf, fb, fb + (int) prefix);
    if (!view.hasIdentifier(StreamInfo.EVENTS)) {
      throw error(packetAt, "stream " + events.id() + " packet has flatbuffer identifier '"
          + printable(view.identifier()) + "', expected 'EVTS'");
    }
    try {
      int root = view.rootTable();
      int elements = view.vector(root, 0, EVENT_BYTES);
      if (elements < 0) {
        cur = buf;
        curPos = 0;
        curEnd = 0;
        return;
      }
      cur = buf;
      bodyStart = off;
      curPos = elements;
      curEnd = elements + view.vectorLength(elements) * EVENT_BYTES;
      curPacketOffset = packetAt;
    } catch (FlatBufferException e) {
      throw error(packetAt, "corrupt EVTS flatbuffer at decompressed byte " + (e.offset() + 4) + ": "
          + e.getMessage());
    }
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    decompressor.close();
    super.close();
  }
}
