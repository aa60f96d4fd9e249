package org.neurospark.spark.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.neurospark.spark.io.NioRawLocalFileSystem;

/**
 * Creates the folders of a new local Delta table before its first commit: the table folder, {@code _delta_log} and
 * the {@code _delta_log/_staged_commits} that Delta 4 makes on a table's first commit, with the permission Hadoop
 * gives a new folder (0777 less {@code fs.permissions.umask-mode}).
 *
 * <p>Delta makes them through Hadoop's {@code FileSystem}; for {@code file:} that is Hadoop's local file system,
 * which, without Hadoop's native library (Spark ships none), sets each new folder's permission by running
 * {@code chmod}: seven processes for a fresh ingest's three tables, about 50 ms of the driver's commit time on a busy
 * 2-core machine. Made here with {@link NioRawLocalFileSystem} (the same calls, permissions set in-process), Delta
 * finds them present. Nothing happens for other file systems or when the folders exist.
 */
final class DeltaLogFolders {
  private DeltaLogFolders() {}

  /** Creates the folders of the table at {@code path} if it is local and they are missing. */
  static void create(Configuration conf, String path) {
    try {
      Path table = new Path(path);
      FileSystem fs = table.getFileSystem(conf);
      if (!"file".equals(fs.getUri().getScheme())) {
        return;
      }
      Path staged = new Path(new Path(fs.makeQualified(table), "_delta_log"), "_staged_commits");
      if (fs.exists(staged)) {
        return;
      }
      try (NioRawLocalFileSystem raw = new NioRawLocalFileSystem()) {
        raw.initialize(URI.create("file:///"), conf);
        // missing parents too, each with the default permission less the umask, as Hadoop's mkdirs does
        raw.mkdirs(staged, FsPermission.getDirDefault());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log folder of the table " + path + ": " + e.getMessage(), e);
    }
  }
}
