package org.neurospark.spark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An independent reading of a Delta table's current file list: replays {@code _delta_log/*.json} (add/remove
 * actions) without Delta's code. Refuses tables with checkpoints (the test tables never reach one).
 */
public final class DeltaLogFiles {
  private DeltaLogFiles() {}

  /** A data file of the current version and its partition values. */
  public record DataFile(Path path, Map<String, String> partitionValues) {}

  /** The data files of the latest version of the table at {@code table}. */
  public static List<DataFile> current(Path table) throws IOException {
    Path log = table.resolve("_delta_log");
    List<Path> commits;
    try (Stream<Path> s = Files.list(log)) {
      List<Path> all = s.toList();
      for (Path p : all) {
        if (p.getFileName().toString().contains(".checkpoint")) {
          throw new IllegalStateException("checkpoint in " + log + ": not replayed by this test reader");
        }
      }
      commits = all.stream().filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
    }
    ObjectMapper om = new ObjectMapper();
    Map<String, DataFile> files = new LinkedHashMap<>();
    for (Path c : commits) {
      try (BufferedReader r = Files.newBufferedReader(c, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode a = om.readTree(line);
          if (a.has("add")) {
            JsonNode add = a.get("add");
            String rel = add.get("path").asText();
            Map<String, String> pv = new LinkedHashMap<>();
            add.get("partitionValues").fields().forEachRemaining(e -> pv.put(e.getKey(), e.getValue().asText()));
            files.put(rel, new DataFile(resolve(table, rel), pv));
          } else if (a.has("remove")) {
            files.remove(a.get("remove").get("path").asText());
          }
        }
      }
    }
    return new ArrayList<>(files.values());
  }

  private static Path resolve(Path table, String rel) {
    // Delta stores relative paths URL-encoded
    return Path.of(URI.create(table.toUri() + rel));
  }
}
