package org.neurospark.notebooks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.neurospark.spark.SparkSessions;

/**
 * Runs Zeppelin notes headless, the way Zeppelin 0.12's Spark interpreter group runs them in its default ("shared")
 * binding mode: one Spark session and one class-based Scala REPL ({@link ScalaRepl}) for all notes, with
 * {@code spark}, {@code sc} and {@code z} ({@link NoteContext}) bound and Zeppelin's default imports
 * ({@code spark.implicits._}, {@code spark.sql}, {@code org.apache.spark.sql.functions._}).
 * <ul>
 *   <li>{@code %spark}: one {@link ScalaRepl#interpret} call per paragraph; what the code prints is split into
 *   results by {@link OutputParser} ({@code %table}, {@code %html}, text), then the REPL's own messages (its echo
 *   of definitions, compiler errors) follow as one text result. (Zeppelin writes both into one stream, so there the
 *   echo of a paragraph that ends in {@code %html} is appended to that HTML.)</li>
 *   <li>{@code %spark.sql}: each {@code ;}-separated statement through {@code spark.sql}, results as
 *   {@code %table}.</li>
 *   <li>{@code %md}: Markdown to HTML ({@link Markdown}, flexmark as Zeppelin's Markdown interpreter).</li>
 *   <li>{@code %spark.conf}: {@code key value} lines, Spark properties for the interpreter. They apply when the
 *   interpreter starts; a note whose settings differ from the running interpreter's restarts it (as a Zeppelin user
 *   restarts the interpreter). {@link Options#master} overrides {@code spark.master}.</li>
 * </ul>
 * Like Zeppelin's "run all", a note stops at its first failing paragraph; the rest stay {@code READY}.
 * The runner owns its Spark session and REPL: {@link #close()} stops both.
 */
public final class NoteRunner implements AutoCloseable {
  /** The master when neither a {@code %spark.conf} paragraph nor {@link Options#master} names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  /**
   * @param master Spark master for every note, overriding the notes' {@code spark.master}; null to use the notes'
   * @param workDir where the REPL's class files go ({@code workDir/repl-N})
   * @param sparkConf further Spark properties applied to every session (e.g. {@code spark.ui.enabled=false})
   */
  public record Options(String master, Path workDir, Map<String, String> sparkConf) {
    public Options {
      if (workDir == null) {
        throw new IllegalArgumentException("workDir is required");
      }
      sparkConf = Map.copyOf(sparkConf == null ? Map.of() : sparkConf);
    }
  }

  private final Options options;
  private final NoteContext z = new NoteContext(NoteContext.DEFAULT_MAX_RESULT);
  private SparkSession spark;
  private ScalaRepl repl;
  private Map<String, String> running;
  private int starts;

  /** A runner; the interpreter starts with the first paragraph that needs Spark. */
  public NoteRunner(Options options) {
    this.options = options;
  }

  /** Runs every paragraph of {@code note} in order. */
  public NoteResult run(Note note) {
    long start = System.nanoTime();
    Map<String, String> conf = new LinkedHashMap<>();
    List<ParagraphResult> results = new ArrayList<>();
    boolean failed = false;
    for (Note.Paragraph p : note.paragraphs()) {
      if (failed) {
        results.add(new ParagraphResult(p, ParagraphResult.READY, List.of(), 0));
        continue;
      }
      long t0 = System.nanoTime();
      List<ParagraphOutput> out = new ArrayList<>();
      boolean ok;
      try {
        ok = runParagraph(p, conf, out);
      } catch (Exception | LinkageError e) {
        out.add(new ParagraphOutput(ResultType.TEXT, stackTrace(e)));
        ok = false;
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      results.add(new ParagraphResult(p, ok ? ParagraphResult.FINISHED : ParagraphResult.ERROR, List.copyOf(out), ms));
      failed = !ok;
    }
    String master = running == null ? effective(conf).get("spark.master") : running.get("spark.master");
    return new NoteResult(note, List.copyOf(results), master, (System.nanoTime() - start) / 1_000_000);
  }

  private boolean runParagraph(Note.Paragraph p, Map<String, String> conf, List<ParagraphOutput> out)
      throws IOException {
    switch (p.interpreter()) {
      case "spark.conf" -> {
        Map<String, String> settings = parseConf(p.body());
        conf.putAll(settings);
        StringBuilder sb = new StringBuilder();
        Map<String, String> eff = effective(conf);
        for (var e : settings.entrySet()) {
          sb.append(e.getKey()).append(' ').append(e.getValue());
          if (!e.getValue().equals(eff.get(e.getKey()))) {
            sb.append("   (overridden: ").append(eff.get(e.getKey())).append(')');
          }
          sb.append('\n');
        }
        if (running != null && running.equals(eff)) {
          sb.append("the Spark interpreter is already running with these settings");
        } else {
          sb.append(running == null ? "applied when the Spark interpreter starts"
              : "the Spark interpreter restarts with these settings");
        }
        out.add(new ParagraphOutput(ResultType.TEXT, sb.toString()));
        return true;
      }
      case "md" -> {
        out.add(new ParagraphOutput(ResultType.HTML, Markdown.toHtml(p.body())));
        return true;
      }
      case "spark", "spark.spark" -> {
        ensureStarted(conf);
        ScalaRepl.Run r = repl.interpret(p.body());
        out.addAll(OutputParser.parse(r.output()));
        if (!r.echo().isBlank()) {
          out.add(new ParagraphOutput(ResultType.TEXT, r.echo().stripTrailing()));
        }
        if (r.outcome() == ScalaRepl.Outcome.INCOMPLETE) {
          out.add(new ParagraphOutput(ResultType.TEXT, "Incomplete expression"));
        }
        return r.outcome() == ScalaRepl.Outcome.SUCCESS;
      }
      case "spark.sql", "sql" -> {
        ensureStarted(conf);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(repl.classLoader());
        try {
          for (String stmt : SqlStatements.split(p.body())) {
            Dataset<Row> df = spark.sql(stmt);
            if (df.schema().length() > 0) {
              out.addAll(OutputParser.parse(NoteContext.table(df, z.maxResult())));
            }
          }
        } finally {
          Thread.currentThread().setContextClassLoader(previous);
        }
        return true;
      }
      default -> {
        out.add(new ParagraphOutput(ResultType.TEXT, "interpreter %" + p.interpreter() + " is not available here"
            + " (this runner has %spark, %spark.sql, %spark.conf and %md)"));
        return false;
      }
    }
  }

  /** The settings an interpreter for {@code conf} starts with: the master override and defaults applied. */
  private Map<String, String> effective(Map<String, String> conf) {
    Map<String, String> eff = new LinkedHashMap<>(conf);
    if (options.master() != null) {
      eff.put("spark.master", options.master());
    }
    eff.putIfAbsent("spark.master", DEFAULT_MASTER);
    return eff;
  }

  private void ensureStarted(Map<String, String> conf) throws IOException {
    Map<String, String> eff = effective(conf);
    if (running != null && running.equals(eff)) {
      return;
    }
    stop();
    starts++;
    Path classes = options.workDir().resolve("repl-" + starts);
    Files.createDirectories(classes);
    // as Zeppelin: the class output folder is known to Spark before the SparkContext starts, so executors fetch
    // the REPL's classes through spark.repl.class.uri
    SparkSession.Builder b = SparkSession.builder().appName("neurospark notebooks")
        .config("spark.repl.class.outputDir", classes.toAbsolutePath().toString());
    for (var e : options.sparkConf().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    for (var e : eff.entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    repl = new ScalaRepl(classes);
    spark = SparkSessions.onDriver(SparkSessions.configure(b).getOrCreate());
    repl.bind("spark", "org.apache.spark.sql.SparkSession", spark);
    repl.bind("sc", "org.apache.spark.SparkContext", spark.sparkContext());
    repl.bind("z", NoteContext.class.getName(), z);
    for (String imp : List.of("import org.apache.spark.SparkContext._", "import spark.implicits._",
        "import spark.sql", "import org.apache.spark.sql.functions._")) {
      ScalaRepl.Run r = repl.interpret(imp);
      if (r.outcome() != ScalaRepl.Outcome.SUCCESS) {
        throw new IllegalStateException("Zeppelin's default import failed: " + imp + "\n" + r.echo());
      }
    }
    running = eff;
  }

  /** Parses {@code %spark.conf} text: {@code key value} per line, {@code #} comments. */
  static Map<String, String> parseConf(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] kv = l.split("\\s+", 2);
      m.put(kv[0], kv.length > 1 ? kv[1].strip() : "");
    }
    return m;
  }

  private void stop() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
    if (repl != null) {
      repl.close();
      repl = null;
    }
    running = null;
  }

  private static String stackTrace(Throwable e) {
    var sw = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(sw));
    return sw.toString();
  }

  @Override
  public void close() {
    stop();
  }
}
