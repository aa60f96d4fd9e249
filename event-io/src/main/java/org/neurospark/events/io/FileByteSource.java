package org.neurospark.events.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A local file read through one {@link FileChannel} with positional reads (safe to share between threads, as
 * {@code FileChannel} positional reads are). {@link #name()} is the path's string.
 */
public final class FileByteSource implements ByteSource {
  private final Path file;
  private final FileChannel channel;
  private final long size;

  private FileByteSource(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
  }

  /**
   * Opens {@code file} for reading. Only regular files are opened: a FIFO, device, socket or directory is refused
   * before anything is opened (a FIFO would block, {@code /dev/zero} never end).
   *
   * @throws IOException naming the path and the reason (missing, a directory, a FIFO or device, permission denied,
   *     a symbolic link loop)
   */
  public static FileByteSource open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    InputFiles.requireRegularFile(file);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new FileByteSource(file, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    if (!dst.hasRemaining()) {
      return position >= size ? -1 : 0;
    }
    return channel.read(dst, position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return name();
  }
}
