package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.testing.TestSpark;

/**
 * A Spark task's spill file ({@link FrameShards#spill}) lives in the executor's local folder and is gone when the
 * task ends, whether it succeeded or failed, without the task closing it (the local executor shares this JVM, so
 * the tasks hand their paths to the test through a static queue).
 */
class SpillInTaskTest {
  private static final Queue<String> SPILLED = new ConcurrentLinkedQueue<>();
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("SpillInTaskTest");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @BeforeEach
  void clear() {
    SPILLED.clear();
  }

  private static JavaRDD<FrameRecord> records() {
    return jsc.parallelize(SpilledShardTest.records(30, null, 11), 2);
  }

  @Test
  void theFileIsDeletedWhenTheTaskSucceeds() {
    FrameShards.Shape shape = new FrameShards.Shape(3, 5, 4, 4);
    List<String> out = records().mapPartitions(it -> {
      SpilledShard s = FrameShards.spill(it, shape); // not closed here: the task's end must delete it
      SPILLED.add(s.file().toString());
      return List.of(s.size() + " " + Files.exists(s.file())).iterator();
    }).collect();
    assertEquals(List.of("15 true", "15 true"), out);
    assertEquals(2, SPILLED.size());
    for (String f : SPILLED) {
      assertEquals(FrameShards.localDir(), Path.of(f).getParent());
      assertFalse(Files.exists(Path.of(f)), f + " outlived its task");
    }
  }

  @Test
  void theFileIsDeletedWhenTheTaskFails() {
    FrameShards.Shape shape = new FrameShards.Shape(3, 5, 4, 4);
    SparkException e = assertThrows(SparkException.class, () -> records().mapPartitions(it -> {
      SpilledShard s = FrameShards.spill(it, shape);
      SPILLED.add(s.file().toString());
      throw new IllegalStateException("worker failed after spilling");
    }).collect());
    assertTrue(e.getMessage().contains("worker failed after spilling"), e.getMessage());
    assertFalse(SPILLED.isEmpty());
    for (String f : SPILLED) {
      assertFalse(Files.exists(Path.of(f)), f + " outlived its failed task");
    }
  }
}
