package org.neurospark.events.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small hostile files built in tests: an AEDAT 4 header declaring any sensor size, a deflate-bomb .npz. */
final class HostileFiles {
  private HostileFiles() {}

  /** An uncompressed AEDAT 4.0 file with one EVTS stream of {@code w x h} pixels holding one event. */
  static Path aedat4(Path file, int w, int h) throws IOException {
    String xml = "<dv version=\"2.0\">\n  <node name=\"outInfo\" path=\"/outInfo/\">\n"
        + "    <node name=\"0\" path=\"/outInfo/0/\">\n"
        + "      <attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>\n"
        + "      <node name=\"info\" path=\"/outInfo/0/info/\">\n"
        + "        <attr key=\"sizeX\" type=\"int\">" + w + "</attr>\n"
        + "        <attr key=\"sizeY\" type=\"int\">" + h + "</attr>\n"
        + "      </node>\n    </node>\n  </node>\n</dv>\n";
    byte[] s = xml.getBytes(StandardCharsets.UTF_8);
    int stringAt = 44;
    int total = (stringAt + 4 + s.length + 1 + 3) & ~3;
    ByteBuffer hb = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    hb.putInt(0, 24);
    hb.put(4, (byte) 'I').put(5, (byte) 'O').put(6, (byte) 'H').put(7, (byte) 'E');
    hb.putShort(8, (short) 10).putShort(10, (short) 20).putShort(12, (short) 4).putShort(14, (short) 8)
        .putShort(16, (short) 16);
    hb.putInt(24, 24 - 8);
    hb.putInt(28, 0); // compression NONE
    hb.putLong(32, -1);
    hb.putInt(40, stringAt - 40);
    hb.putInt(stringAt, s.length);
    hb.position(stringAt + 4);
    hb.put(s);
    // one EventPacket flatbuffer (size-prefixed) with one event (t 1000, x 1, y 1, on)
    int fbLen = 32 + 16 - 4;
    ByteBuffer pb = ByteBuffer.allocate(4 + fbLen).order(ByteOrder.LITTLE_ENDIAN);
    pb.putInt(0, fbLen);
    int fb = 4;
    pb.putInt(fb, 16);
    pb.put(fb + 4, (byte) 'E').put(fb + 5, (byte) 'V').put(fb + 6, (byte) 'T').put(fb + 7, (byte) 'S');
    pb.putShort(fb + 8, (short) 6).putShort(fb + 10, (short) 8).putShort(fb + 12, (short) 4);
    pb.putInt(fb + 16, 8);
    pb.putInt(fb + 20, 4);
    pb.putInt(fb + 24, 1);
    pb.putLong(fb + 28, 1000).putShort(fb + 36, (short) 1).putShort(fb + 38, (short) 1).put(fb + 40, (byte) 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("#!AER-DAT4.0\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.write(le32(hb.capacity()));
    out.write(hb.array());
    out.write(le32(0));
    out.write(le32(pb.capacity()));
    out.write(pb.array());
    return Files.write(file, out.toByteArray());
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  /**
   * An .npz whose four arrays (t int64, x/y uint16, p uint8) each declare {@code n} elements of zeros, deflated:
   * a few hundred KB on disk for {@code n} = 2^23.
   */
  static Path npzBomb(Path file, long n) throws IOException {
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
      z.setLevel(Deflater.BEST_COMPRESSION);
      entry(z, "t.npy", "<i8", 8, n);
      entry(z, "x.npy", "<u2", 2, n);
      entry(z, "y.npy", "<u2", 2, n);
      entry(z, "p.npy", "|u1", 1, n);
    }
    return file;
  }

  private static void entry(ZipOutputStream z, String name, String dtype, int size, long n) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    writeNpyHeader(z, dtype, n);
    byte[] zeros = new byte[1 << 20];
    long left = n * size;
    while (left > 0) {
      int k = (int) Math.min(left, zeros.length);
      z.write(zeros, 0, k);
      left -= k;
    }
    z.closeEntry();
  }

  static void writeNpyHeader(OutputStream o, String dtype, long n) throws IOException {
    StringBuilder h = new StringBuilder("{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + n
        + ",), }");
    while ((10 + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    o.write(h.length() & 0xFF);
    o.write(h.length() >>> 8);
    o.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
