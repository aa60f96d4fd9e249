package org.neurospark.events.format.mat;

import java.io.Closeable;
import java.io.IOException;
import org.neurospark.events.EventFileException;

/**
 * The bytes of one MAT-file data element, read sequentially: either a plain byte range of the file
 * ({@link FileSlice}) or the inflated content of an {@code miCOMPRESSED} element ({@link InflatedSlice}). Positions
 * are offsets inside the element's content; {@link #error} maps them back to the file for messages.
 */
abstract class MatSource implements Closeable {
  /** The source's name (path or URI), for messages. */
  final String file;
  /** Logical bytes delivered so far. */
  long pos;
  private byte[] scratch;

  MatSource(String file) {
    this.file = file;
  }

  /**
   * Reads up to {@code len} (≥ 1) bytes into {@code b[off..]}.
   *
   * @return bytes read (≥ 1), or -1 when the element's content ends
   */
  abstract int read(byte[] b, int off, int len) throws IOException;

  /** An error at content position {@code streamPos}, naming the file and the (nearest) file byte offset. */
  abstract EventFileException error(long streamPos, String problem);

  /** Bytes of the file consumed so far (compressed bytes for an inflated element). */
  abstract long fileBytesRead();

  /** Reads exactly {@code len} bytes or throws a truncation error naming {@code what}. */
  final void readFully(byte[] b, int off, int len, String what) throws IOException {
    long start = pos;
    while (len > 0) {
      int r = read(b, off, len);
      if (r < 0) {
        throw error(pos, "truncated: " + what + " needs " + (pos - start + len) + " bytes but the "
            + describe() + " ends after " + (pos - start));
      }
      off += r;
      len -= r;
    }
  }

  /** Skips exactly {@code n} bytes (reading them; inflated data cannot be skipped otherwise). */
  final void skip(long n, String what) throws IOException {
    if (scratch == null) {
      scratch = new byte[8192];
    }
    while (n > 0) {
      int k = (int) Math.min(n, scratch.length);
      readFully(scratch, 0, k, what);
      n -= k;
    }
  }

  /**
   * Called once the wanted bytes were read: checks that the element's remaining content is intact. For a compressed
   * element this inflates the rest (imaginary part, padding), so the zlib stream's Adler-32 checksum is verified,
   * and checks that it inflates to exactly {@code end} bytes.
   */
  void finish(long end) throws IOException {}

  /** "data element" or "compressed data element", for messages. */
  abstract String describe();

  @Override
  public void close() throws IOException {}
}
