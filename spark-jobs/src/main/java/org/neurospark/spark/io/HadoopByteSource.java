package org.neurospark.spark.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.neurospark.events.io.ByteSource;

/**
 * A recording on any Hadoop file system (HDFS, S3A, ABFS, {@code file:} ...) as an event-io {@link ByteSource}:
 * positional reads through {@link FSDataInputStream#read(long, byte[], int, int)} ({@code PositionedReadable}), so the
 * readers stream the file where it lies, nothing is staged to local disk, and the stream's own position is never
 * moved. One stream is opened per source and closed with it. Not thread-safe beyond what the underlying stream's
 * positional reads allow (event-io's readers use one source from one thread).
 */
public final class HadoopByteSource implements ByteSource {
  private static final int COPY_CHUNK = 1 << 18;

  private final String name;
  private final long size;
  private final FSDataInputStream in;
  private byte[] copy;

  private HadoopByteSource(String name, long size, FSDataInputStream in) {
    this.name = name;
    this.size = size;
    this.in = in;
  }

  /**
   * Opens {@code uri} (a URI with a scheme, or a path of the configuration's default file system) for reading.
   *
   * @throws FileNotFoundException when it does not exist
   * @throws IOException when it is a directory or cannot be opened (the message names the URI)
   */
  public static HadoopByteSource open(String uri, Configuration conf) throws IOException {
    Path p = new Path(URI.create(uri));
    FileSystem fs = p.getFileSystem(conf);
    FileStatus st;
    try {
      st = fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(uri + ": no such file");
    }
    if (!st.isFile()) {
      throw new IOException(uri + ": not a regular file (" + (st.isDirectory() ? "a directory" : "not a file") + ")");
    }
    return new HadoopByteSource(uri, st.getLen(), fs.open(p));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException(name + ": negative position " + position);
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    int len = (int) Math.min(dst.remaining(), size - position);
    int n;
    if (dst.hasArray()) {
      n = in.read(position, dst.array(), dst.arrayOffset() + dst.position(), len);
      if (n > 0) {
        dst.position(dst.position() + n);
      }
    } else {
      if (copy == null) {
        copy = new byte[COPY_CHUNK];
      }
      n = in.read(position, copy, 0, Math.min(len, copy.length));
      if (n > 0) {
        dst.put(copy, 0, n);
      }
    }
    if (n < 0) {
      throw new IOException(name + " @ byte " + position + ": the file ended early (" + size + " bytes listed)");
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
