package org.neurospark.spark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DuckDB from npm ({@code @duckdb/node-api}) as an independent Parquet reader. Installs the package once into
 * {@code target/duckdb} with {@code npm install --prefix} (needs node and npm), then runs one SQL query per call
 * in {@code node} and returns the rows as JSON (every value as a string, so big integers survive).
 */
public final class DuckDb {
  private static final String PACKAGE = "@duckdb/node-api@1.5.6-r.1";

  private DuckDb() {}

  /** The install folder ({@code target/duckdb} of this module). */
  public static synchronized Path home() throws IOException, InterruptedException {
    Path dir = Paths.get("target", "duckdb").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules/@duckdb/node-api"))) {
      Files.createDirectories(dir);
      run(dir, 600, "npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), PACKAGE);
    }
    return dir;
  }

  /** Runs {@code sql}; each result row is a JSON array of strings (null for SQL NULL). */
  public static List<JsonNode> query(String sql) throws IOException, InterruptedException {
    Path dir = home();
    Path script = dir.resolve("query.js");
    Files.writeString(script, String.join("\n",
        "const { DuckDBInstance } = require('@duckdb/node-api');",
        "(async () => {",
        "  const db = await DuckDBInstance.create(':memory:');",
        "  const con = await db.connect();",
        "  const reader = await con.runAndReadAll(process.argv[2]);",
        "  const rows = reader.getRows().map(r => r.map(v => v === null ? null : String(v)));",
        "  process.stdout.write(JSON.stringify(rows));",
        "})().catch(e => { console.error(e); process.exit(1); });", ""));
    String out = run(dir, 120, "node", script.toString(), sql);
    JsonNode rows = new ObjectMapper().readTree(out);
    java.util.ArrayList<JsonNode> l = new java.util.ArrayList<>();
    rows.forEach(l::add);
    return l;
  }

  /** A DuckDB list literal of file paths: {@code ['a', 'b']}. */
  public static String files(List<Path> paths) {
    StringBuilder b = new StringBuilder("[");
    for (Path p : paths) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('\'').append(p.toString().replace("'", "''")).append('\'');
    }
    return b.append(']').toString();
  }

  private static String run(Path dir, int seconds, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("NODE_PATH", dir.resolve("node_modules").toString());
    Path err = Files.createTempFile("duckdb", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " timed out");
    }
    String stderr = Files.readString(err);
    Files.deleteIfExists(err);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd).substring(0, Math.min(200, String.join(" ", cmd).length()))
          + " failed (" + p.exitValue() + "): " + stderr);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
