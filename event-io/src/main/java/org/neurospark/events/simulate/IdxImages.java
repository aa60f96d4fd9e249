package org.neurospark.events.simulate;

import java.nio.file.Path;

/**
 * The images of an IDX3 file ({@code *-images-idx3-ubyte}): {@code count} grey-level images of {@code rows ×
 * cols} pixels, 0 = black, 255 = white, row-major, held in one array.
 *
 * @param file where they were read from
 * @param count number of images held (the first {@code count} of the file)
 * @param rows image height, pixels
 * @param cols image width, pixels
 * @param pixels {@code count × rows × cols} unsigned bytes, image {@code i} at offset {@code i × rows × cols}
 */
public record IdxImages(Path file, int count, int rows, int cols, byte[] pixels) {
  /** Offset of image {@code i} in {@link #pixels()}. */
  public int offset(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("image " + i + " of " + count + " in " + file);
    }
    return i * rows * cols;
  }

  /** A copy of image {@code i}, row-major unsigned bytes. */
  public byte[] image(int i) {
    int off = offset(i);
    byte[] out = new byte[rows * cols];
    System.arraycopy(pixels, off, out, 0, out.length);
    return out;
  }
}
