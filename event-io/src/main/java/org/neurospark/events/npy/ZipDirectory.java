package org.neurospark.events.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;

/**
 * Minimal zip central-directory reader (what {@code .npz} needs): entry names, methods (stored / deflated), sizes,
 * CRC-32 and where each entry's data starts, including ZIP64 records as NumPy writes them.
 */
final class ZipDirectory {
  static final int STORED = 0;
  static final int DEFLATED = 8;

  /** One entry; {@code dataOffset} is the absolute offset of its (compressed) data. */
  record Entry(String name, int method, long crc, long compressedSize, long size, long localHeaderOffset,
      long dataOffset) {}

  private ZipDirectory() {}

  static Map<String, Entry> read(ByteSource ch) throws IOException {
    String file = ch.name();
    long size = ch.size();
    if (size < 22) {
      throw new EventFileException(file, 0, "not a zip archive: " + size + " bytes is shorter than an end record");
    }
    int tail = (int) Math.min(size, 22 + 65535);
    ByteBuffer b = readAt(ch, file, size - tail, tail);
    int eocd = -1;
    for (int i = tail - 22; i >= 0; i--) {
      if (b.getInt(i) == 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new EventFileException(file, size, "not a complete zip archive: no end-of-central-directory record in"
          + " the last " + tail + " bytes (truncated?)");
    }
    long eocdPos = size - tail + eocd;
    long entries = b.getShort(eocd + 10) & 0xFFFF;
    long cdSize = b.getInt(eocd + 12) & 0xFFFFFFFFL;
    long cdOffset = b.getInt(eocd + 16) & 0xFFFFFFFFL;
    if (entries == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
      if (eocdPos < 20) {
        throw new EventFileException(file, eocdPos, "ZIP64 end record expected but no locator precedes it");
      }
      ByteBuffer loc = readAt(ch, file, eocdPos - 20, 20);
      if (loc.getInt(0) != 0x07064b50) {
        throw new EventFileException(file, eocdPos - 20, "ZIP64 end-of-central-directory locator missing");
      }
      long z64 = loc.getLong(8);
      ByteBuffer z = readAt(ch, file, z64, 56);
      if (z.getInt(0) != 0x06064b50) {
        throw new EventFileException(file, z64, "bad ZIP64 end-of-central-directory record signature");
      }
      entries = z.getLong(32);
      cdSize = z.getLong(40);
      cdOffset = z.getLong(48);
    }
    if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE) {
      throw new EventFileException(file, eocdPos, "zip central directory (" + cdSize + " bytes at " + cdOffset
          + ") lies outside the " + size + "-byte file (truncated?)");
    }
    ByteBuffer cd = readAt(ch, file, cdOffset, (int) cdSize);
    Map<String, Entry> out = new LinkedHashMap<>();
    int p = 0;
    for (long k = 0; k < entries; k++) {
      if (p + 46 > cdSize || cd.getInt(p) != 0x02014b50) {
        throw new EventFileException(file, cdOffset + p, "bad zip central directory entry " + k);
      }
      int flags = cd.getShort(p + 8) & 0xFFFF;
      int method = cd.getShort(p + 10) & 0xFFFF;
      long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
      long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
      long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
      int nameLen = cd.getShort(p + 28) & 0xFFFF;
      int extraLen = cd.getShort(p + 30) & 0xFFFF;
      int commentLen = cd.getShort(p + 32) & 0xFFFF;
      long lho = cd.getInt(p + 42) & 0xFFFFFFFFL;
      if (p + 46 + nameLen + extraLen > cdSize) {
        throw new EventFileException(file, cdOffset + p, "zip central directory entry " + k + " is truncated");
      }
      byte[] nameBytes = new byte[nameLen];
      cd.get(p + 46, nameBytes);
      String name = new String(nameBytes, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      int e = p + 46 + nameLen;
      int eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        int id = cd.getShort(e) & 0xFFFF;
        int len = cd.getShort(e + 2) & 0xFFFF;
        int q = e + 4;
        if (id == 0x0001) {
          if (usize == 0xFFFFFFFFL && q + 8 <= eEnd) {
            usize = cd.getLong(q);
            q += 8;
          }
          if (csize == 0xFFFFFFFFL && q + 8 <= eEnd) {
            csize = cd.getLong(q);
            q += 8;
          }
          if (lho == 0xFFFFFFFFL && q + 8 <= eEnd) {
            lho = cd.getLong(q);
          }
        }
        e += 4 + len;
      }
      if ((flags & 1) != 0) {
        throw new EventFileException(file, cdOffset + p, "zip entry '" + name + "' is encrypted (not supported)");
      }
      if (lho < 0 || lho + 30 > size) {
        throw new EventFileException(file, cdOffset + p, "zip entry '" + name + "' local header at " + lho
            + " lies outside the file");
      }
      ByteBuffer lh = readAt(ch, file, lho, 30);
      if (lh.getInt(0) != 0x04034b50) {
        throw new EventFileException(file, lho, "zip entry '" + name + "': bad local header signature");
      }
      long data = lho + 30 + (lh.getShort(26) & 0xFFFF) + (lh.getShort(28) & 0xFFFF);
      if (data + csize > size || csize < 0 || usize < 0) {
        throw new EventFileException(file, Math.min(data, size), "zip entry '" + name + "': " + csize
            + " data bytes at " + data + " run past the end of the " + size + "-byte file (truncated)");
      }
      out.put(name, new Entry(name, method, crc, csize, usize, lho, data));
      p = eEnd + commentLen;
    }
    return out;
  }

  private static ByteBuffer readAt(ByteSource ch, String file, long pos, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int r = ch.read(pos + b.position(), b);
      if (r < 0) {
        throw new EventFileException(file, pos + b.position(), "file ends inside zip metadata (expected " + len
            + " bytes at " + pos + ")");
      }
    }
    b.flip();
    return b;
  }
}
