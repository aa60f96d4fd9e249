package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.spark.bench.TrainBenchCommand;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.frames.FrameRows;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.testing.TestSpark;

/** {@code spark bench-train} on embedded {@code local[2]}: every layout trains, is timed and compared to the first. */
class TrainBenchCommandTest {
  @Test
  void timesEachLayoutAgainstTheFirst(@TempDir Path tmp) throws Exception {
    SparkSession spark = TestSpark.start("TrainBenchCommandTest");
    String tables = tmp.resolve("tables").toString();
    List<Row> rows = new ArrayList<>();
    TrainJobTest.addRows(rows, SyntheticFrames.make(16, 2, 34, 34, 10, 7), "train");
    spark.createDataFrame(rows, FrameRows.DENSE).write().format("delta").save(Tables.frames(tables));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = TrainBenchCommand.run(List.of("--tables", tables, "--work", tmp.resolve("work").toString(),
        "--layouts", "1x1,2x1", "--channels", "4", "--batch", "2", "--sync-every", "2", "--rounds", "3",
        "--master", "local[2]", "--json"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, rc);
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertTrue(j.get("vector_bits").asInt() != 0, j.toString());
    JsonNode l = j.get("layouts");
    assertEquals(2, l.size());
    // rounds 1 and 2 are timed: K = 2 steps of batch 2 per worker and round
    assertEquals("1x1", l.get(0).get("layout").asText());
    assertEquals(2, l.get(0).get("rounds_timed").asInt());
    assertEquals(2 * 2 * 2, l.get(0).get("samples").asLong());
    assertEquals(1.0, l.get(0).get("ratio").asDouble(), 1e-12);
    assertEquals("2x1", l.get(1).get("layout").asText());
    assertEquals(2 * 2 * 2 * 2, l.get(1).get("samples").asLong());
    for (JsonNode r : l) {
      assertTrue(r.get("samples_per_s").asDouble() > 0, r.toString());
    }
    assertTrue(l.get(1).has("average_share"), "ring with 2 workers reports its averaging share: " + l.get(1));
    assertTrue(Files.exists(tmp.resolve("work").resolve("1-2x1").resolve("model.safetensors")));
    assertTrue(spark.sparkContext().isStopped(), "the command stops the session it ran on");
  }

  @Test
  void refusesMalformedLayouts() {
    for (String bad : List.of("2", "0x1", "2xa", "1x1x1")) {
      assertThrows(UsageException.class, () -> TrainBenchCommand.run(List.of("--tables", "t", "--work", "w",
          "--layouts", bad), System.out, System.err), bad);
    }
  }
}
