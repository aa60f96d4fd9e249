package org.neurospark.events.format.aedat3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds AEDAT 3.1 files to the layout of EVENT-FORMATS.md §3 (no real AEDAT 3.1 recording could be obtained):
 * CRLF header lines, 28-byte little-endian packet headers, 8-byte polarity events.
 */
final class Aedat3Files {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Starts a file with the DVS Gesture style header (source 1 = {@code source}). */
  static Aedat3Files withHeader(String source, String eol) {
    Aedat3Files f = new Aedat3Files();
    f.text("#!AER-DAT3.1" + eol + "#Format: RAW" + eol + "#Source 1: " + source + eol
        + "#Start-Time: 2017-03-31 13:37:28 (TZ+0100)" + eol + "#!END-HEADER" + eol);
    return f;
  }

  Aedat3Files text(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  Aedat3Files bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  static byte[] packetHeader(int type, int source, int size, int tsOffset, int overflow, int capacity, int number,
      int valid) {
    return ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putShort((short) type).putShort((short) source)
        .putInt(size).putInt(tsOffset).putInt(overflow).putInt(capacity).putInt(number).putInt(valid).array();
  }

  /** A polarity packet: events (x, y, p, valid, ts) with the given overflow. */
  Aedat3Files polarity(int overflow, int[] x, int[] y, int[] p, boolean[] valid, int[] ts) {
    int n = x.length;
    int nValid = 0;
    for (boolean v : valid) {
      nValid += v ? 1 : 0;
    }
    out.writeBytes(packetHeader(1, 1, 8, 4, overflow, n, n, nValid));
    ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putInt((x[i] << 17) | (y[i] << 2) | (p[i] << 1) | (valid[i] ? 1 : 0)).putInt(ts[i]);
    }
    out.writeBytes(b.array());
    return this;
  }

  /** A packet of another type with {@code number} events of {@code size} bytes (content: a counting pattern). */
  Aedat3Files other(int type, int size, int tsOffset, int number) {
    out.writeBytes(packetHeader(type, 1, size, tsOffset, 0, number, number, number));
    byte[] payload = new byte[size * number];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    out.writeBytes(payload);
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }
}
