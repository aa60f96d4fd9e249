package org.neurospark.snn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.testing.SnnShared;
import picocli.CommandLine;

/** {@code snn conformance} on the shared SpikingJelly golden set. */
class ConformanceCommandTest {

  @Test
  void cliPrintsOneLinePerCaseAndASummary() {
    StringWriter out = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    int rc = cl.execute("conformance", SnnShared.spikingjelly().toString());
    String[] lines = out.toString().trim().split("\n");
    assertEquals(0, rc, "every golden case passes, the network case included");
    assertEquals(58, lines.length);
    assertEquals("57 passed, 0 failed", lines[lines.length - 1]);
    assertTrue(lines[0].startsWith("PASS") && lines[0].contains("Sigmoid(alpha=4)"), lines[0]);
    assertTrue(lines[56].startsWith("PASS") && lines[56].contains("csnn_small"), lines[56]);
  }

  @Test
  void cliJsonOutput() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.execute("conformance", SnnShared.spikingjelly().toString(), "--json");
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals(57, root.get("passed").asInt());
    assertEquals(0, root.get("failed").asInt());
    assertEquals(57, root.get("cases").size());
    JsonNode plif = root.get("cases").get(12);
    assertEquals("PLIF_0_1", plif.get("name").asText());
    assertTrue(plif.get("passed").asBoolean());
  }

  @Test
  void sealedBackendRunsEveryCaseThereAndPassesThemAll() {
    StringWriter out = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    int rc = cl.execute("conformance", SnnShared.spikingjelly().toString(), "--backend", "sealed");
    String[] lines = out.toString().trim().split("\n");
    assertEquals(0, rc, out.toString());
    assertEquals(58, lines.length, "every case has its line, none skipped");
    assertEquals("57 passed, 0 failed (0 unsupported) on backend sealed", lines[lines.length - 1]);
    for (int i = 0; i < lines.length - 1; i++) {
      assertTrue(lines[i].startsWith("PASS"), lines[i]);
    }
    assertTrue(lines[9].contains("Rect(alpha=1)"), lines[9]);
    assertTrue(java.util.Arrays.stream(lines).anyMatch(l -> l.contains("KLIF_default")), "KLIF ran");
    assertTrue(java.util.Arrays.stream(lines).anyMatch(l -> l.contains("Izhikevich_default")), "Izhikevich ran");
    assertTrue(lines[56].contains("csnn_small"), lines[56]);
  }

  @Test
  void sealedJsonCountsUnsupportedCases() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.execute("conformance", SnnShared.spikingjelly().toString(), "--backend", "sealed", "--json");
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals("sealed", root.get("backend").asText());
    assertEquals(57, root.get("passed").asInt());
    assertEquals(0, root.get("failed").asInt());
    assertEquals(0, root.get("unsupported").asInt());
    assertEquals(57, root.get("cases").size());
    for (JsonNode c : root.get("cases")) {
      assertTrue(c.get("passed").asBoolean(), c.toString());
      assertEquals(false, c.get("unsupported").asBoolean(), c.toString());
      assertEquals(false, c.get("max_error").isNull(), c.toString());
    }
  }

  @Test
  void cpuJsonHasNoBackendKeysAndUnknownBackendIsRefused() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.execute("conformance", SnnShared.spikingjelly().toString(), "--backend", "cpu", "--json");
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertEquals(57, root.get("passed").asInt());
    assertTrue(root.get("backend") == null && root.get("cases").get(0).get("unsupported") == null,
        "the CPU's JSON is as before");
    StringWriter err = new StringWriter();
    CommandLine c2 = SnnCli.commandLine();
    c2.setErr(new PrintWriter(err));
    assertEquals(2, c2.execute("conformance", SnnShared.spikingjelly().toString(), "--backend", "gpu"));
    assertTrue(err.toString().contains("--backend"), err.toString());
  }

  @Test
  void missingDirectoryIsAClearError(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute("conformance", dir.resolve("nothing").toString());
    assertEquals(1, rc);
    assertTrue(err.toString().contains("index.json"), err.toString());
  }
}
