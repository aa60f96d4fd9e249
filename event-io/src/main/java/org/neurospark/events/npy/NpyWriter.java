package org.neurospark.events.npy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a {@code .npy} file (format 1.0, C order, little-endian), streaming: the header is written first with
 * room to spare, data is appended in chunks, and {@link #finish(long...)} may rewrite the header with the final
 * shape (for arrays whose leading dimension is only known at the end, e.g. frames integrated by fixed duration).
 */
public final class NpyWriter implements Closeable {
  /** Spare header spaces reserved for a longer final shape. */
  private static final int SPARE = 48;

  private final Path file;
  private final FileChannel ch;
  private final NpyHeader template;
  private final int headerBytes;
  private final byte[] chunk = new byte[1 << 16];
  private long written;
  private boolean finished;

  private NpyWriter(Path file, NpyHeader template) throws IOException {
    this.file = file;
    this.template = template;
    this.ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    byte[] h = template.toBytes(SPARE);
    headerBytes = h.length;
    writeFully(ByteBuffer.wrap(h), 0);
  }

  /**
   * Starts a file for an array with {@code template}'s dtype; its shape may be provisional (see {@link #finish}).
   */
  public static NpyWriter open(Path file, NpyHeader template) throws IOException {
    return new NpyWriter(file, template);
  }

  /** Writes a whole float32 array of the given shape (C order). */
  public static void writeFloat32(Path file, float[] data, long... shape) throws IOException {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " elements, data has "
          + data.length);
    }
    try (NpyWriter w = open(file, NpyHeader.of(NpyDtype.FLOAT32, shape))) {
      w.writeFloats(data, 0, data.length);
      w.finish(shape);
    }
  }

  /** Appends float32 values (the template's dtype must be {@code <f4}). */
  public void writeFloats(float[] src, int off, int len) throws IOException {
    if (template.isStructured() || !template.scalar().equals(NpyDtype.FLOAT32)) {
      throw new IllegalStateException("writeFloats needs a <f4 array, this one is " + template.descrLiteral());
    }
    int perChunk = chunk.length / 4;
    for (int done = 0; done < len; done += perChunk) {
      int k = Math.min(perChunk, len - done);
      NpyDecode.putFloatsLE(src, off + done, chunk, 0, k);
      writeFully(ByteBuffer.wrap(chunk, 0, 4 * k), headerBytes + written);
      written += 4L * k;
    }
  }

  /** Appends raw element bytes already in the template's layout. */
  public void writeBytes(byte[] src, int off, int len) throws IOException {
    writeFully(ByteBuffer.wrap(src, off, len), headerBytes + written);
    written += len;
  }

  /** Data bytes written so far. */
  public long bytesWritten() {
    return written;
  }

  /**
   * Rewrites the header with {@code finalShape} and checks that exactly its bytes were written.
   *
   * @throws IllegalStateException when the written data does not match the shape or the header would not fit
   */
  public void finish(long... finalShape) throws IOException {
    NpyHeader h = new NpyHeader(1, 0, template.scalar(), template.fields(), template.itemSize(), false, finalShape,
        0);
    if (h.dataBytes() != written) {
      throw new IllegalStateException("shape " + Arrays.toString(finalShape) + " needs " + h.dataBytes()
          + " data bytes but " + written + " were written to " + file);
    }
    byte[] bytes = h.toBytes(0);
    if (bytes.length > headerBytes) {
      throw new IllegalStateException("final header of " + bytes.length + " bytes exceeds the reserved "
          + headerBytes);
    }
    // pad to the reserved length with spaces, keeping the trailing newline
    byte[] padded = Arrays.copyOf(bytes, headerBytes);
    Arrays.fill(padded, bytes.length - 1, headerBytes - 1, (byte) ' ');
    padded[headerBytes - 1] = '\n';
    int len = headerBytes - 10;
    padded[8] = (byte) len;
    padded[9] = (byte) (len >>> 8);
    if (padded[6] != 1 || len > 65535) {
      throw new IllegalStateException("header too large for format 1.0");
    }
    writeFully(ByteBuffer.wrap(padded), 0);
    finished = true;
  }

  private void writeFully(ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  /** Closes the file; when {@link #finish} was not called the header keeps its provisional shape. */
  @Override
  public void close() throws IOException {
    ch.close();
  }

  /** True once {@link #finish} succeeded. */
  public boolean isFinished() {
    return finished;
  }
}
