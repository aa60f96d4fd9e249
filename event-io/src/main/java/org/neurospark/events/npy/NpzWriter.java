package org.neurospark.events.npy;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@code .npz} archive: each array becomes a {@code <key>.npy} entry, stored (like {@code np.savez}) or
 * deflated (like {@code np.savez_compressed}).
 */
public final class NpzWriter implements Closeable {
  private final ZipOutputStream zip;
  private final boolean compressed;

  /**
   * @param compressed deflate the entries ({@code np.savez_compressed}); false stores them ({@code np.savez})
   */
  public NpzWriter(Path file, boolean compressed) throws IOException {
    OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    this.zip = new ZipOutputStream(os);
    this.compressed = compressed;
    zip.setMethod(compressed ? ZipOutputStream.DEFLATED : ZipOutputStream.STORED);
  }

  /** Adds array {@code key} with the given header (shape and dtype) and raw data bytes in its layout. */
  public void add(String key, NpyHeader header, byte[] data) throws IOException {
    if (header.dataBytes() != data.length) {
      throw new IllegalArgumentException("header announces " + header.dataBytes() + " bytes, data has "
          + data.length);
    }
    byte[] head = header.toBytes(0);
    ZipEntry e = new ZipEntry(key + ".npy");
    if (!compressed) {
      CRC32 crc = new CRC32();
      crc.update(head);
      crc.update(data);
      e.setMethod(ZipEntry.STORED);
      e.setSize(head.length + (long) data.length);
      e.setCompressedSize(head.length + (long) data.length);
      e.setCrc(crc.getValue());
    }
    zip.putNextEntry(e);
    zip.write(head);
    zip.write(data);
    zip.closeEntry();
  }

  /** Adds a 1-D float32 array. */
  public void addFloat32(String key, float[] values) throws IOException {
    byte[] data = new byte[values.length * 4];
    NpyDecode.putFloatsLE(values, 0, data, 0, values.length);
    add(key, NpyHeader.of(NpyDtype.FLOAT32, values.length), data);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
