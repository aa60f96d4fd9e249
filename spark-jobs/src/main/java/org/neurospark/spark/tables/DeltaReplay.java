package org.neurospark.spark.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.Protocol;
import org.apache.spark.sql.delta.actions.RemoveFile;
import org.apache.spark.sql.delta.util.DeltaFileOperations;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * The data files of one version of a Delta table, replayed on the driver from the table's JSON commits (parsed by
 * Delta itself, {@code DeltaLog.getChanges}) instead of by Delta's state reconstruction, which runs a Spark job: on
 * a warm {@code local[1]} session that job and its query planning took 0.6-0.8 s for the few files of a
 * {@code samples} table, most of a {@code frames} run's planning.
 *
 * <p>The replay is the log protocol's for a reader-version-1 table: the files added and not removed by commits
 * {@code 0..version}, in order. It stands in for Delta only where that is all there is to it, and otherwise returns
 * empty so the caller reads through Delta: a protocol needing a newer reader (deletion vectors, column mapping and
 * every other reader feature come with reader version 2 or 3), a log whose early JSON commits were cleaned up
 * (checkpointed), more than {@link #MAX_COMMITS} commits, or a version that does not exist.
 */
public final class DeltaReplay {
  /** Logs longer than this are left to Delta's state reconstruction (one small file read per commit here). */
  public static final long MAX_COMMITS = 1000;

  private final List<AddFile> files;
  private final List<String> partitionColumns;

  private DeltaReplay(List<AddFile> files, List<String> partitionColumns) {
    this.files = files;
    this.partitionColumns = partitionColumns;
  }

  /** The files of version {@code version} of the table at {@code path}, or empty where Delta must read it. */
  public static Optional<DeltaReplay> of(SparkSession spark, String path, long version) {
    if (version < 0 || version >= MAX_COMMITS) {
      return Optional.empty();
    }
    DeltaLog log = DeltaLog.forTable(spark, new Path(path));
    Map<String, AddFile> live = new LinkedHashMap<>();
    List<String> partitions = null;
    long expected = 0;
    try {
      Iterator<Tuple2<Object, scala.collection.immutable.Seq<Action>>> changes = log.getChanges(0, version, true);
      while (changes.hasNext()) {
        Tuple2<Object, scala.collection.immutable.Seq<Action>> c = changes.next();
        if ((Long) c._1() != expected) {
          return Optional.empty(); // a gap: the log does not start at 0 any more
        }
        expected++;
        Iterator<Action> actions = c._2().iterator();
        while (actions.hasNext()) {
          Action a = actions.next();
          if (a instanceof AddFile add) {
            if (add.deletionVector() != null) {
              return Optional.empty();
            }
            live.put(add.path(), add);
          } else if (a instanceof RemoveFile remove) {
            live.remove(remove.path());
          } else if (a instanceof Protocol p && p.minReaderVersion() > 1) {
            return Optional.empty();
          } else if (a instanceof Metadata m) {
            partitions = scala.jdk.javaapi.CollectionConverters.asJava(m.partitionColumns());
          }
        }
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // a missing commit (failOnDataLoss) or one Delta cannot parse: Delta decides
    }
    if (expected != version + 1 || partitions == null) {
      return Optional.empty();
    }
    return Optional.of(new DeltaReplay(new ArrayList<>(live.values()), List.copyOf(partitions)));
  }

  /** The version's data files (add actions), in the order the log added them. */
  public List<AddFile> files() {
    return files;
  }

  /** The table's partition columns at that version. */
  public List<String> partitionColumns() {
    return partitionColumns;
  }

  /** The absolute URIs of the data files under the table at {@code tablePath}, as {@code inputFiles()} gives them. */
  public List<String> uris(String tablePath, org.apache.hadoop.conf.Configuration conf) {
    List<String> out = new ArrayList<>(files.size());
    try {
      org.apache.hadoop.fs.FileSystem fs = new Path(tablePath).getFileSystem(conf);
      for (AddFile a : files) {
        out.add(fs.makeQualified(DeltaFileOperations.absolutePath(tablePath, a.path())).toString());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
