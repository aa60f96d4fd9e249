package org.neurospark.snn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code index.json} of a golden-case directory: {@code {"source": ..., "cases": [{"kind", "name", "params",
 * "files", "shape"}, ...]}}. Parameters keep their JSON types (Double, Boolean, String, null).
 */
public final class ConformanceIndex {
  private final Path dir;
  private final String source;
  private final List<ConformanceCase> cases;

  private ConformanceIndex(Path dir, String source, List<ConformanceCase> cases) {
    this.dir = dir;
    this.source = source;
    this.cases = List.copyOf(cases);
  }

  /** Loads {@code dir/index.json}; a malformed index raises an IOException naming the file and the entry. */
  public static ConformanceIndex load(Path dir) throws IOException {
    Path index = dir.resolve("index.json");
    if (!Files.isRegularFile(index)) {
      throw new IOException(index + ": no index.json in " + dir);
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(index.toFile());
    } catch (IOException e) {
      throw new IOException(index + ": not valid JSON: " + e.getMessage(), e);
    }
    JsonNode arr = root.get("cases");
    if (arr == null || !arr.isArray()) {
      throw new IOException(index + ": missing \"cases\" array");
    }
    List<ConformanceCase> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : arr) {
      String where = index + ": cases[" + i + "]";
      JsonNode kind = c.get("kind");
      JsonNode name = c.get("name");
      JsonNode files = c.get("files");
      if (kind == null || !kind.isTextual() || name == null || !name.isTextual() || files == null
          || !files.isObject()) {
        throw new IOException(where + ": needs string \"kind\", string \"name\" and object \"files\"");
      }
      Map<String, String> fm = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new IOException(where + ": files." + e.getKey() + " is not a string");
        }
        fm.put(e.getKey(), e.getValue().asText());
        resolveInside(dir, e.getValue().asText(), where + ": files." + e.getKey());
      }
      Map<String, Object> params = null;
      JsonNode p = c.get("params");
      if (p != null && p.isObject()) {
        params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          params.put(e.getKey(), toJava(e.getValue()));
        }
      }
      int[] shape = null;
      JsonNode s = c.get("shape");
      if (s != null && s.isArray()) {
        shape = new int[s.size()];
        for (int k = 0; k < shape.length; k++) {
          shape[k] = s.get(k).asInt();
        }
      }
      out.add(new ConformanceCase(kind.asText(), name.asText(), params, fm, shape));
      i++;
    }
    if (out.isEmpty()) {
      throw new IOException(index + ": \"cases\" is empty; a conformance run needs at least one case");
    }
    JsonNode src = root.get("source");
    return new ConformanceIndex(dir, src == null ? "" : src.asText(), out);
  }

  /**
   * {@code dir/name}, checked to lie inside {@code dir}: {@code name} must be relative, must not climb out with
   * {@code ..}, and (when the file exists) its real path, after following symbolic links, must lie inside
   * {@code dir}'s real path.
   *
   * @param where the index entry, for messages
   * @throws IOException naming the entry and the path when it points outside {@code dir}
   */
  public static Path resolveInside(Path dir, String name, String where) throws IOException {
    Path rel;
    try {
      rel = dir.getFileSystem().getPath(name);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IOException(where + ": invalid file name '" + name + "'");
    }
    if (name.isEmpty() || rel.isAbsolute() || rel.getRoot() != null) {
      throw new IOException(where + ": '" + name + "' must be a file name relative to " + dir);
    }
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(rel).normalize();
    if (!p.startsWith(base) || p.equals(base)) {
      throw new IOException(where + ": '" + name + "' points outside " + dir);
    }
    if (Files.exists(p)) {
      Path real = p.toRealPath();
      if (!real.startsWith(base.toRealPath())) {
        throw new IOException(where + ": '" + name + "' resolves (through a symbolic link) to " + real
            + ", outside " + dir);
      }
    }
    return p;
  }

  private static Object toJava(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    return v.asText();
  }

  public Path dir() {
    return dir;
  }

  /** Where the golden values came from (e.g. a SpikingJelly commit). */
  public String source() {
    return source;
  }

  public List<ConformanceCase> cases() {
    return cases;
  }
}
