package org.neurospark.spark.train;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.tables.Tables;
import scala.Tuple2;

/**
 * The training split of {@code TABLES/frames} cut into one balanced shard per worker, without the frames reaching
 * the driver: the driver reads only the ids, labels and shapes, sorts the ids and assigns sample i (in id order) to
 * worker {@code i mod N} (shard sizes differ by at most one, classes spread evenly when ids group by class); the rows
 * are then shuffled to partition = worker on the executors. The shuffled rows are not cached: Spark's shuffle
 * files on the executors' disks hold them, and a restarted stage (or a tree round) reads its partition from there
 * again (an executor that died takes its map outputs with it; Spark re-runs those map tasks). {@link #spill} streams
 * a partition into a task-local {@link SpilledShard} in id order (deterministic), so a worker's heap does not grow
 * with its shard.
 *
 * @param records one partition per worker (the shuffle's output, not persisted)
 * @param sizes samples per worker
 * @param timeSteps T of every sample
 * @param height pixels
 * @param width pixels
 * @param numClasses 1 + the largest label of the split
 */
public record FrameShards(JavaRDD<FrameRecord> records, long[] sizes, int timeSteps, int height, int width,
    int numClasses) {

  /** Shards of split {@code split} of {@code TABLES/frames} for {@code workers} workers. */
  public static FrameShards open(SparkSession spark, String tables, String split, int workers) {
    String path = Tables.frames(tables);
    if (!Tables.exists(spark, path)) {
      throw new UsageException(tables + " holds no frames table: run 'spark frames' first");
    }
    Dataset<Row> frames = spark.read().format("delta").load(path).where(col("split").equalTo(split));
    boolean sparse = Arrays.asList(frames.columns()).contains("indices");
    List<Row> meta = frames.select("sample_id", "label", "T", "height", "width").collectAsList();
    if (meta.size() < workers) {
      throw new UsageException(path + " has " + meta.size() + " samples in split '" + split + "', fewer than the "
          + workers + " workers");
    }
    List<Row> sorted = new ArrayList<>(meta);
    sorted.sort(Comparator.comparing(r -> r.getString(0)));
    Map<String, Integer> assign = new HashMap<>();
    long[] sizes = new long[workers];
    Row first = sorted.get(0);
    int maxLabel = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Row r = sorted.get(i);
      if (r.getInt(2) != first.getInt(2) || r.getInt(3) != first.getInt(3) || r.getInt(4) != first.getInt(4)) {
        throw new UsageException(path + ": sample '" + r.getString(0) + "' has T, height, width " + r.getInt(2) + ", "
            + r.getInt(3) + ", " + r.getInt(4) + " but '" + first.getString(0) + "' has " + first.getInt(2) + ", "
            + first.getInt(3) + ", " + first.getInt(4) + ": training needs one shape (re-run frames with -T)");
      }
      if (r.getInt(1) < 0) {
        throw new UsageException(path + ": sample '" + r.getString(0) + "' has label " + r.getInt(1));
      }
      if (assign.put(r.getString(0), i % workers) != null) {
        throw new UsageException(path + ": sample id '" + r.getString(0) + "' appears twice");
      }
      sizes[i % workers]++;
      maxLabel = Math.max(maxLabel, r.getInt(1));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, Integer>> b = jsc.broadcast(assign);
    String[] cols = sparse ? FrameRecord.SPARSE_COLUMNS : FrameRecord.DENSE_COLUMNS;
    JavaRDD<FrameRecord> records = frames.select(cols[0], Arrays.copyOfRange(cols, 1, cols.length)).javaRDD()
        .mapToPair(r -> new Tuple2<>(b.value().get(r.getString(0)), FrameRecord.of(r, sparse)))
        .partitionBy(new HashPartitioner(workers))
        .values();
    return new FrameShards(records, sizes, first.getInt(2), first.getInt(3), first.getInt(4), maxLabel + 1);
  }

  /** Total samples. */
  public long total() {
    long s = 0;
    for (long x : sizes) {
      s += x;
    }
    return s;
  }

  /** Unpersists the shuffled rows (a no-op unless a caller persisted them). */
  public void release() {
    records.unpersist(false);
  }

  /**
   * Streams a worker's partition into a {@link SpilledShard} in this executor's local folder ({@link #localDir()}):
   * samples in id order, only ids, labels and file offsets on the heap. Inside a Spark task the file is also deleted
   * when the task ends, on success or failure (a completion listener); callers close it as well.
   */
  public static SpilledShard spill(Iterator<FrameRecord> it, Shape shape) throws IOException {
    SpilledShard s = SpilledShard.spill(it, localDir(), shape.t(), shape.height(), shape.width(),
        shape.numClasses());
    TaskContext ctx = TaskContext.get();
    if (ctx != null) {
      ctx.addTaskCompletionListener(c -> {
        try {
          s.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return s;
  }

  /**
   * The folder spill files go to: the first of the executor's local folders ({@code SPARK_LOCAL_DIRS}, which a
   * standalone worker sets for its executors, else {@code spark.local.dir}), else {@code java.io.tmpdir}; in a
   * {@code neurospark-shards} subfolder.
   */
  public static Path localDir() {
    String dirs = System.getenv("SPARK_LOCAL_DIRS");
    if (dirs == null || dirs.isBlank()) {
      SparkEnv env = SparkEnv.get();
      dirs = env == null ? null : env.conf().get("spark.local.dir", null);
    }
    if (dirs == null || dirs.isBlank()) {
      dirs = System.getProperty("java.io.tmpdir");
    }
    return Path.of(dirs.split(",")[0].trim(), "neurospark-shards");
  }

  /** Serializable shape carrier for tasks. */
  public record Shape(int t, int height, int width, int numClasses) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** This split's shape. */
  public Shape shape() {
    return new Shape(timeSteps, height, width, numClasses);
  }
}
