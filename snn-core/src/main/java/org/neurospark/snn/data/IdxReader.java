package org.neurospark.snn.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.neurospark.snn.io.DataFileException;

/**
 * Streaming reader of the IDX format (MNIST, Fashion-MNIST): magic {@code 00 00 TT D}, D big-endian int32
 * dimensions, then the items row-major in big-endian. Gzip-compressed files ({@code 1f 8b}) are detected by content
 * and decompressed on the fly; offsets in error messages then count decompressed bytes. Only the current item is
 * buffered, so files of any size are read in constant memory.
 *
 * <p>Element types: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
 */
public final class IdxReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private final int type;
  private final int[] dims;
  private final int itemBytes;
  private long offset;
  private int itemsRead;

  /** Opens the file and parses its header. */
  public IdxReader(Path file) throws IOException {
    this.file = file;
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    gzip = b0 == 0x1f && b1 == 0x8b;
    InputStream s = raw;
    if (gzip) {
      try {
        s = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
      } catch (ZipException e) {
        raw.close();
        throw new DataFileException(file, 0, "corrupt gzip header: " + e.getMessage(), e);
      }
    }
    this.in = s;
    try {
      byte[] magic = new byte[4];
      readFully(magic, 0, 4, "magic number");
      if (magic[0] != 0 || magic[1] != 0) {
        throw new DataFileException(file, 0, "not an IDX file: magic starts with "
            + String.format("%02x %02x", magic[0] & 0xFF, magic[1] & 0xFF) + ", expected 00 00");
      }
      type = magic[2] & 0xFF;
      int elem = elementBytes(type);
      if (elem < 0) {
        throw new DataFileException(file, 2, String.format("unknown IDX element type 0x%02x (expected 08, 09, 0b,"
            + " 0c, 0d or 0e)", type));
      }
      int nd = magic[3] & 0xFF;
      if (nd < 1) {
        throw new DataFileException(file, 3, "IDX file declares 0 dimensions");
      }
      dims = new int[nd];
      byte[] d = new byte[4 * nd];
      readFully(d, 0, d.length, "dimension sizes");
      long item = elem;
      for (int i = 0; i < nd; i++) {
        int v = ((d[4 * i] & 0xFF) << 24) | ((d[4 * i + 1] & 0xFF) << 16) | ((d[4 * i + 2] & 0xFF) << 8)
            | (d[4 * i + 3] & 0xFF);
        if (v < 0) {
          throw new DataFileException(file, 4 + 4L * i, "dimension " + i + " is negative (" + v + ")");
        }
        dims[i] = v;
        if (i > 0) {
          item *= v;
        }
      }
      if (item > Integer.MAX_VALUE) {
        throw new DataFileException(file, 4, "one item of shape " + Arrays.toString(dims) + " exceeds 2 GiB");
      }
      itemBytes = (int) item;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Bytes per element of an IDX type code, or -1 when unknown. */
  public static int elementBytes(int type) {
    switch (type) {
      case 0x08: case 0x09: return 1;
      case 0x0B: return 2;
      case 0x0C: case 0x0D: return 4;
      case 0x0E: return 8;
      default: return -1;
    }
  }

  public Path file() {
    return file;
  }

  /** True when the file was gzip-compressed. */
  public boolean gzip() {
    return gzip;
  }

  /** IDX element type code (0x08 = unsigned byte). */
  public int type() {
    return type;
  }

  /** All dimensions; dims[0] is the number of items. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of items (first dimension). */
  public int count() {
    return dims[0];
  }

  /** Bytes per item (product of the other dimensions × element size). */
  public int itemBytes() {
    return itemBytes;
  }

  /** Items read so far. */
  public int itemsRead() {
    return itemsRead;
  }

  /** Byte offset (in the decompressed stream) of the next item. */
  public long offset() {
    return offset;
  }

  /**
   * Reads up to {@code n} items of raw big-endian bytes into {@code dst} at {@code off}; returns how many were read
   * (0 at the end). A file that ends inside the declared item count raises {@link DataFileException}.
   */
  public int read(byte[] dst, int off, int n) throws IOException {
    int k = Math.min(n, dims[0] - itemsRead);
    if (k <= 0) {
      return 0;
    }
    long bytes = (long) k * itemBytes;
    if (off + bytes > dst.length) {
      throw new IllegalArgumentException("destination too small for " + k + " items");
    }
    readFully(dst, off, (int) bytes, "item " + itemsRead + " of " + dims[0]);
    itemsRead += k;
    return k;
  }

  /** Reads all remaining items of a uint8/int8 file into one array ({@code count × itemBytes} bytes). */
  public byte[] readAll() throws IOException {
    long total = (long) (dims[0] - itemsRead) * itemBytes;
    if (total > Integer.MAX_VALUE - 8) {
      throw new DataFileException(file, offset, "file too large to load at once (" + total + " bytes)");
    }
    byte[] out = new byte[(int) total];
    read(out, 0, dims[0] - itemsRead);
    return out;
  }

  /** Throws when bytes remain after the declared items (an inconsistent header). */
  public void requireEnd() throws IOException {
    if (itemsRead < dims[0]) {
      return;
    }
    int b;
    try {
      b = in.read();
    } catch (IOException e) {
      throw new DataFileException(file, offset, "read error: " + e.getMessage(), e);
    }
    if (b >= 0) {
      throw new DataFileException(file, offset, "unexpected data after the " + dims[0] + " items the header"
          + " declares");
    }
  }

  private void readFully(byte[] b, int off, int len, String what) throws IOException {
    int done = 0;
    while (done < len) {
      int r;
      try {
        r = in.read(b, off + done, len - done);
      } catch (EOFException e) {
        r = -1;
      } catch (IOException e) {
        throw new DataFileException(file, offset + done, (gzip ? "corrupt gzip data" : "read error") + " while"
            + " reading " + what + ": " + e.getMessage(), e);
      }
      if (r < 0) {
        throw new DataFileException(file, offset + done, "truncated: end of " + (gzip ? "decompressed " : "")
            + "data while reading " + what + " (" + (len - done) + " more bytes expected)");
      }
      done += r;
    }
    offset += len;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
