package org.neurospark.spark.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML subset reader the compose checks rely on: what it reads, and what it refuses. */
class MiniYamlTest {
  @Test
  void readsMappingsSequencesQuotedScalarsFlowListsAndComments() {
    Map<String, Object> y = MiniYaml.parse("t", String.join("\n",
        "# a comment",
        "services:",
        "  a:",
        "    image: x/y:1.0   # trailing comment",
        "    command: [\"m\", \"--port\", '7077', plain]",
        "    ports:",
        "      - \"127.0.0.1:8080:8080\"",
        "      - 9000:9000",
        "    env:",
        "      K: \"v # not a comment\"",
        "      E:",
        "    devices:",
        "      - driver: nvidia",
        "        ids: [\"${G:-0}\"]",
        "      - other",
        "volumes:",
        "  data:",
        ""));
    Map<?, ?> a = (Map<?, ?>) ((Map<?, ?>) y.get("services")).get("a");
    assertEquals("x/y:1.0", a.get("image"));
    assertEquals(List.of("m", "--port", "7077", "plain"), a.get("command"));
    assertEquals(List.of("127.0.0.1:8080:8080", "9000:9000"), a.get("ports"));
    assertEquals(Map.of("K", "v # not a comment", "E", ""), a.get("env"));
    List<?> devices = (List<?>) a.get("devices");
    assertEquals(Map.of("driver", "nvidia", "ids", List.of("${G:-0}")), devices.get(0));
    assertEquals("other", devices.get(1));
    assertEquals(Map.of("data", ""), y.get("volumes"));
  }

  @Test
  void refusesWhatItDoesNotReadWithTheLine() {
    for (String[] c : new String[][] {
        {"a: &anchor x\n", "t:1:"}, {"a: *alias\n", "t:1:"}, {"a: |\n  text\n", "t:1:"}, {"a: {b: c}\n", "t:1:"},
        {"a: 1\na: 2\n", "t:2: duplicate key"}, {"a:\n\tb: 1\n", "t:2: tab"}, {"a: \"open\n", "t:1: unterminated"},
        {"a: 1\n  b: 2\n", "t:2:"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiniYaml.parse("t", c[0]),
          c[0]);
      assertTrue(e.getMessage().startsWith(c[1]), c[0] + " -> " + e.getMessage());
    }
  }
}
