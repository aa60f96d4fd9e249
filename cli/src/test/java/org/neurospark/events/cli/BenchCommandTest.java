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

  /**
   * A peer written here as a shell script decodes nothing but reports the stream's size as its events and a fixed
   * time: the bench must time it once per run plus a warm-up, pass it the stream it decodes (the repeated scratch
   * file) and its format, and compute its rate and our ratio from what it printed.
   */
  @Test
  void peerCommandsAreTimedOnTheSameStreamAndReported(@TempDir Path scratch, @TempDir Path tmp) throws Exception {
    Path evt2 = SharedData.data("events/evt2/expelliarmus_evt2_sample_gen3_640x480.raw");
    Path peer = tmp.resolve("peer.sh");
    Path log = tmp.resolve("calls.txt");
    java.nio.file.Files.writeString(peer, "#!/bin/sh\n"
        + "echo \"$1 $2\" >> '" + log + "'\n"
        + "echo 'a warning line'\n"
        + "echo \"events=$(wc -c < \"$2\" | tr -d ' ') seconds=0.25\"\n");
    assertTrue(peer.toFile().setExecutable(true));
    StringWriter out = new StringWriter();
    CommandLine cl = EventsCli.commandLine();
    cl.setOut(new PrintWriter(out));
    int rc = cl.execute("bench", "--json", "--min-events", "1000000", "--runs", "3", "--scratch", scratch.toString(),
        "--peer", peer + " {format} {file}", "--peer", "exit 4 # {file}", evt2.toString());
    assertEquals(0, rc, out.toString());
    JsonNode o = new ObjectMapper().readTree(out.toString().trim());
    List<String> calls = java.nio.file.Files.readAllLines(log);
    assertEquals(4, calls.size(), "one warm-up and 3 timed runs: " + calls);
    String stream = calls.get(0).split(" ", 2)[1];
    assertTrue(calls.stream().allMatch(c -> c.equals("evt2 " + stream)), calls.toString());
    assertTrue(stream.startsWith(scratch.toString()), "the peer decodes the repeated stream: " + stream);
    long bytes = o.get("bytes").asLong();
    List<String> keys = new ArrayList<>();
    o.fieldNames().forEachRemaining(keys::add);
    assertEquals("peers", keys.get(keys.size() - 1), keys.toString());
    JsonNode p = o.get("peers").get(0);
    assertEquals(bytes, p.get("events").asLong());
    assertEquals(Math.round(bytes / 0.25), p.get("events_per_s").asLong());
    assertEquals(Math.round(bytes / 0.25 / 1e6 * 10) / 10.0, p.get("mb_per_s").asDouble(), 1e-9);
    double expected = o.get("decode_events_per_s").asDouble() / (bytes / 0.25);
    assertEquals(expected, p.get("ratio").asDouble(), 0.001 + expected * 1e-3);
    assertEquals("decode_events_per_s", p.get("compared_with").asText());
    JsonNode failed = o.get("peers").get(1);
    assertTrue(failed.get("error").asText().contains("status 4"), failed.toString());

    StringWriter table = new StringWriter();
    cl = EventsCli.commandLine();
    cl.setOut(new PrintWriter(table));
    rc = cl.execute("bench", "--min-events", "1000000", "--runs", "1", "--scratch", scratch.toString(),
        "--peer", "echo events=0 seconds=0.5 {file}", evt2.toString());
    assertEquals(0, rc);
    String[] lines = table.toString().trim().split("\n");
    assertTrue(lines[3].startsWith("  peer echo events=0 seconds=0.5 {file}: read ")
        && lines[3].contains("our read / peer read"), lines[3]);
  }
}
