package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.neurospark.events.testing.SharedData;

class BenchCommandTest {
  @Test
  void jsonLinesHaveTheStableKeysFirstAndPlausibleNumbers(@TempDir Path scratch) throws Exception {
    Path evt2 = SharedData.data("events/evt2/expelliarmus_evt2_sample_gen3_640x480.raw");
    Path bin = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    StringWriter out = new StringWriter();
    CommandLine cl = EventsCli.commandLine();
    cl.setOut(new PrintWriter(out));
    int rc = cl.execute("bench", "--json", "--min-events", "1000000", "--runs", "1", "--scratch", scratch.toString(),
        evt2.toString(), bin.toString());
    assertEquals(0, rc);
    String[] lines = out.toString().trim().split("\n");
    assertEquals(2, lines.length, out.toString());
    ObjectMapper m = new ObjectMapper();
    for (String line : lines) {
      JsonNode o = m.readTree(line);
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
        keys.add(it.next());
      }
      assertEquals(List.of("file", "format", "events", "decode_events_per_s", "decode_mb_per_s", "baseline_mb_per_s",
          "frames_events_per_s"), keys.subList(0, 7));
      assertTrue(o.get("events").asLong() >= 1_000_000, line);
      assertTrue(o.get("decode_events_per_s").asDouble() > 0 && o.get("frames_events_per_s").asDouble() > 0, line);
      assertTrue(o.get("baseline_mb_per_s").asDouble() > 0, line);
      assertTrue(o.get("repeated").asBoolean(), line);
      assertTrue(o.get("decode_cpu_events_per_s").asDouble() > 0, line);
      assertTrue(o.get("baseline_cpu_mb_per_s").asDouble() > 0, line);
      assertFalse(o.get("cpu_model").asText().isBlank(), line);
      assertTrue(o.get("avx512_used").isBoolean(), line);
      assertTrue(o.has("vector_bits") && o.has("load_average"), line);
    }
    JsonNode first = m.readTree(lines[0]);
    assertEquals("evt2", first.get("format").asText());
    // 539481 events per copy, 2 copies give ≥ 1 M
    assertEquals(2 * 539481, first.get("events").asLong());
    assertEquals("atis_bin", m.readTree(lines[1]).get("format").asText());
    try (var s = java.nio.file.Files.list(scratch)) {
      assertEquals(0, s.count(), "scratch streams are deleted");
    }
  }

  @Test
  void tableStartsWithTheMachineLine(@TempDir Path scratch) {
    Path bin = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    StringWriter out = new StringWriter();
    CommandLine cl = EventsCli.commandLine();
    cl.setOut(new PrintWriter(out));
    int rc = cl.execute("bench", "--min-events", "100000", "--runs", "1", "--scratch", scratch.toString(),
        bin.toString());
    assertEquals(0, rc);
    String[] lines = out.toString().trim().split("\n");
    assertTrue(lines[0].startsWith("cpu: ") && lines[0].contains("AVX-512 used: ")
        && lines[0].contains("preferred vector width: ") && lines[0].contains("load average: "), lines[0]);
    assertTrue(lines[1].startsWith("file "), lines[1]);
    assertTrue(lines[2].startsWith("tonic_sample_nmnist.bin "), lines[2]);
    assertTrue(lines[lines.length - 1].startsWith("load average after: "), lines[lines.length - 1]);
  }
}
