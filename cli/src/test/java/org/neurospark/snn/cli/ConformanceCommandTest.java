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
  void missingDirectoryIsAClearError(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = SnnCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute("conformance", dir.resolve("nothing").toString());
    assertEquals(1, rc);
    assertTrue(err.toString().contains("index.json"), err.toString());
  }
}
