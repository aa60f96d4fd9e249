package org.neurospark.spark.tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Where the table writers create their Parquet data files. A file on the local file system ({@code file:}) is
 * written with java.nio ({@link LocalDataFile}): Hadoop's local file system would add a {@code .crc} side file and,
 * without Hadoop's native library, start a {@code chmod} process for every file and folder it creates. Any other file
 * system goes through Hadoop ({@link HadoopOutputFile}).
 */
final class DataFiles {
  private DataFiles() {}

  /** True when {@code fs} is the local file system. */
  static boolean isLocal(FileSystem fs) {
    return "file".equals(fs.getUri().getScheme());
  }

  /** A new file at {@code path} (it must not exist; missing folders are created). */
  static OutputFile create(FileSystem fs, Path path, Configuration conf) throws IOException {
    if (isLocal(fs)) {
      java.nio.file.Path p = local(fs, path);
      Files.createDirectories(p.getParent());
      return new LocalDataFile(p);
    }
    return HadoopOutputFile.fromPath(path, conf);
  }

  /** {size in bytes, modification time in ms since the epoch} of the file at {@code path}. */
  static long[] sizeAndTime(FileSystem fs, Path path) throws IOException {
    if (isLocal(fs)) {
      java.nio.file.Path p = local(fs, path);
      return new long[] {Files.size(p), Files.getLastModifiedTime(p).toMillis()};
    }
    FileStatus st = fs.getFileStatus(path);
    return new long[] {st.getLen(), st.getModificationTime()};
  }

  /** Deletes the file at {@code path} if it exists. */
  static void delete(FileSystem fs, Path path) throws IOException {
    if (isLocal(fs)) {
      Files.deleteIfExists(local(fs, path));
    } else {
      fs.delete(path, false);
    }
  }

  private static java.nio.file.Path local(FileSystem fs, Path path) {
    return Paths.get(fs.makeQualified(path).toUri());
  }
}
