package org.neurospark.notebooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurospark.notebooks.runner.HtmlPage;
import org.neurospark.notebooks.runner.Note;
import org.neurospark.notebooks.runner.NoteResult;
import org.neurospark.notebooks.runner.NoteRunner;
import org.neurospark.notebooks.runner.NoteWriter;

/**
 * {@code neurospark notebooks run [NOTE.zpln...] [--master URL] [--out DIR] [--json]}: runs Zeppelin notes headless
 * ({@link NoteRunner}), all notes of the notes folder by default, printing {@code NAME: F/N paragraphs finished} per
 * note and, with {@code --json}, one last line {@code {"notes": n, "paragraphs": p, "finished": f}}. Writes
 * {@code DIR/<note>.html} (the rendered note) and {@code DIR/<note>.zpln} (the note with its results, as Zeppelin
 * saves it). Exit status 0 when every paragraph finished, 1 when one did not, 2 on bad usage.
 *
 * <p>The notes' data folder is {@code DIR/work} unless the system property {@code neurospark.notebook.dir} names
 * one. The notes folder is {@code -Dneurospark.notes.dir} (the launcher sets it), else {@code notebooks/}.
 */
public final class NotebooksCli {
  private NotebooksCli() {}

  /** Entry point; exits the JVM with the status of {@link #run}. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("run")) {
      err.println(usage());
      return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
    }
    String master = null;
    Path outDir = Path.of("notebooks-out");
    boolean json = false;
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--master" -> {
          if (++i >= args.length) {
            err.println("--master needs a value\n" + usage());
            return 2;
          }
          master = args[i];
        }
        case "--out" -> {
          if (++i >= args.length) {
            err.println("--out needs a value\n" + usage());
            return 2;
          }
          outDir = Path.of(args[i]);
        }
        case "--json" -> json = true;
        case "-h", "--help" -> {
          out.println(usage());
          return 0;
        }
        default -> {
          if (a.startsWith("-")) {
            err.println("unknown option " + a + "\n" + usage());
            return 2;
          }
          files.add(Path.of(a));
        }
      }
    }
    try {
      List<Note> notes = new ArrayList<>();
      if (files.isEmpty()) {
        Path dir = Path.of(System.getProperty("neurospark.notes.dir", "notebooks"));
        notes.addAll(Note.readAll(dir));
        if (notes.isEmpty()) {
          err.println("no *.zpln notes in " + dir.toAbsolutePath());
          return 2;
        }
      } else {
        for (Path f : files) {
          if (!Files.isRegularFile(f)) {
            err.println("no such note: " + f);
            return 2;
          }
          notes.add(Note.read(f));
        }
      }
      Files.createDirectories(outDir);
      if (System.getProperty("neurospark.notebook.dir") == null) {
        System.setProperty("neurospark.notebook.dir", outDir.resolve("work").toAbsolutePath().toString());
      }
      List<NoteResult> results = runAll(notes, master, outDir, Map.of());
      int paragraphs = 0;
      int finished = 0;
      for (NoteResult r : results) {
        out.println(r.note().name() + ": " + r.finished() + "/" + r.paragraphs().size() + " paragraphs finished");
        paragraphs += r.paragraphs().size();
        finished += r.finished();
      }
      if (json) {
        out.println("{\"notes\": " + results.size() + ", \"paragraphs\": " + paragraphs + ", \"finished\": "
            + finished + "}");
      }
      return finished == paragraphs ? 0 : 1;
    } catch (IOException e) {
      err.println("neurospark notebooks: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Runs {@code notes} in one {@link NoteRunner} and writes {@code outDir/<note>.html} and {@code outDir/<note>.zpln}
   * for each.
   *
   * @param master overrides the notes' {@code spark.master}; null keeps theirs
   * @param sparkConf extra Spark properties for the interpreter
   */
  public static List<NoteResult> runAll(List<Note> notes, String master, Path outDir, Map<String, String> sparkConf)
      throws IOException {
    Files.createDirectories(outDir);
    List<NoteResult> results = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    try (NoteRunner runner = new NoteRunner(new NoteRunner.Options(master, outDir.resolve("repl"), sparkConf))) {
      for (Note n : notes) {
        NoteResult r = runner.run(n);
        results.add(r);
        Files.writeString(outDir.resolve(n.baseName() + ".html"), HtmlPage.render(r), StandardCharsets.UTF_8);
        mapper.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve(n.baseName() + ".zpln").toFile(),
            NoteWriter.withResults(r));
      }
    }
    return results;
  }

  static String usage() {
    return "Usage: neurospark notebooks run [NOTE.zpln...] [--master URL] [--out DIR] [--json]\n"
        + "  runs Zeppelin notes headless (all notes by default) and renders DIR/<note>.html (DIR: notebooks-out)";
  }
}
