package org.neurospark.events.format.aedat4;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4FrameOutputStream;

/** Builds spec-conformant AEDAT 4.0 files for tests (IOHeader and EventPacket flatbuffers written by hand). */
final class Aedat4Files {
  private Aedat4Files() {}

  /** One packet: stream id and its uncompressed body (a size-prefixed flatbuffer). */
  record Packet(int streamId, byte[] body) {}

  /** The XML of a recording with an EVTS stream 0 of {@code w x h}, IMUS stream 2 and TRIG stream 3. */
  static String xml(int w, int h) {
    return "<dv version=\"2.0\">\n  <node name=\"outInfo\" path=\"/outInfo/\">\n"
        + "    <node name=\"0\" path=\"/outInfo/0/\">\n"
        + "      <attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>\n"
        + "      <node name=\"info\" path=\"/outInfo/0/info/\">\n"
        + "        <attr key=\"sizeX\" type=\"int\">" + w + "</attr>\n"
        + "        <attr key=\"sizeY\" type=\"int\">" + h + "</attr>\n"
        + "        <attr key=\"source\" type=\"string\">Test</attr>\n"
        + "      </node>\n    </node>\n"
        + "    <node name=\"2\" path=\"/outInfo/2/\">\n"
        + "      <attr key=\"typeIdentifier\" type=\"string\">IMUS</attr>\n    </node>\n"
        + "    <node name=\"3\" path=\"/outInfo/3/\">\n"
        + "      <attr key=\"typeIdentifier\" type=\"string\">TRIG</attr>\n    </node>\n"
        + "  </node>\n</dv>\n";
  }

  /** IOHeader flatbuffer (identifier IOHE): compression, file_data_position, description. */
  static byte[] ioHeader(int compression, long dataTablePosition, String description) {
    byte[] s = description.getBytes(StandardCharsets.UTF_8);
    int stringAt = 44;
    int total = stringAt + 4 + s.length + 1;
    total = (total + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 24);
    b.put(4, (byte) 'I').put(5, (byte) 'O').put(6, (byte) 'H').put(7, (byte) 'E');
    // vtable at 8: vtSize 10, tableSize 20, fields at +4, +8, +16
    b.putShort(8, (short) 10).putShort(10, (short) 20).putShort(12, (short) 4).putShort(14, (short) 8)
        .putShort(16, (short) 16);
    b.putInt(24, 24 - 8); // soffset to vtable
    b.putInt(28, compression);
    b.putLong(32, dataTablePosition);
    b.putInt(40, stringAt - 40);
    b.putInt(stringAt, s.length);
    b.position(stringAt + 4);
    b.put(s);
    return b.array();
  }

  /** A size-prefixed EventPacket flatbuffer (identifier EVTS) holding the given events. */
  static byte[] eventPacket(long[] t, int[] x, int[] y, int[] on) {
    int n = t.length;
    // (offsets in the array) size @0, root @4, "EVTS" @8, vtable @12, table @20, vector length @28, elements @32
    int fbLen = 32 + 16 * n - 4;
    ByteBuffer b = ByteBuffer.allocate(4 + fbLen).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, fbLen);
    int fb = 4;
    b.putInt(fb, 16); // root table at fb+16
    b.put(fb + 4, (byte) 'E').put(fb + 5, (byte) 'V').put(fb + 6, (byte) 'T').put(fb + 7, (byte) 'S');
    b.putShort(fb + 8, (short) 6).putShort(fb + 10, (short) 8).putShort(fb + 12, (short) 4);
    b.putInt(fb + 16, 16 - 8); // table -> vtable at fb+8
    b.putInt(fb + 20, 24 - 20); // vector at fb+24
    b.putInt(fb + 24, n);
    for (int i = 0; i < n; i++) {
      int e = fb + 28 + 16 * i;
      b.putLong(e, t[i]);
      b.putShort(e + 8, (short) x[i]);
      b.putShort(e + 10, (short) y[i]);
      b.put(e + 12, (byte) on[i]);
    }
    return b.array();
  }

  /** Compresses a body as {@link Compression} {@code c} would store it. */
  static byte[] compress(Compression c, byte[] body) throws IOException {
    switch (c) {
      case NONE:
        return body;
      case LZ4:
      case LZ4_HIGH: {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream o = new LZ4FrameOutputStream(bos, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB)) {
          o.write(body);
        }
        return bos.toByteArray();
      }
      default:
        return Zstd.compress(body, c == Compression.ZSTD_HIGH ? 19 : 3);
    }
  }

  /** Writes a file: magic, header, packets compressed with {@code c} (packet bodies given uncompressed). */
  static Path write(Path file, Compression c, String xml, List<Packet> packets) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Packet p : packets) {
      byte[] body = compress(c, p.body());
      data.write(le32(p.streamId()));
      data.write(le32(body.length));
      data.write(body);
    }
    return writeRaw(file, ioHeader(c.code(), -1, xml), data.toByteArray());
  }

  /** Writes magic + header length + header + raw packet bytes. */
  static Path writeRaw(Path file, byte[] header, byte[] packets) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Aedat4Reader.MAGIC.getBytes(StandardCharsets.ISO_8859_1));
    out.write(le32(header.length));
    out.write(header);
    out.write(packets);
    Files.write(file, out.toByteArray());
    return file;
  }

  /** The packets of an LZ4 AEDAT 4.0 file, decompressed (independent of the reader under test, except LZ4F). */
  static List<Packet> packetsOf(Path file) throws Exception {
    byte[] d = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    int hlen = b.getInt(14);
    IoHeader h = IoHeader.parse(d, 18, 18 + hlen);
    long end = h.dataTablePosition() >= 0 ? h.dataTablePosition() : d.length;
    List<Packet> out = new ArrayList<>();
    Lz4FrameDecoder lz4 = new Lz4FrameDecoder(1 << 26);
    for (int p = 18 + hlen; p < end; ) {
      int id = b.getInt(p);
      int size = b.getInt(p + 4);
      int n = lz4.decode(d, p + 8, size);
      byte[] body = new byte[n];
      System.arraycopy(lz4.output(), 0, body, 0, n);
      out.add(new Packet(id, body));
      p += 8 + size;
    }
    return out;
  }

  static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }
}
