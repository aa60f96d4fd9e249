package org.neurospark.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.neurospark.notebooks.runner.Note;
import org.neurospark.notebooks.runner.NoteResult;
import org.neurospark.notebooks.runner.ParagraphResult;

/**
 * The explore note against a 2-worker standalone cluster on 127.0.0.1 (spark-jobs' {@code spark-cluster.sh}, the
 * script {@code bin/neurospark cluster} runs), with only the master changed: its typed Dataset closure runs on the
 * executors, which load the REPL's classes from the driver through {@code spark.repl.class.uri}; the project's
 * classes reach them through {@code spark.jars} (the spark-jobs fat jar and this module's jar), as
 * {@code bin/neurospark notebooks} sets it. The cluster is stopped whatever happens.
 */
class NotesOnClusterIT {
  private static final Path IT = Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath();

  @Test
  void exploreNoteRunsOnATwoWorkerCluster() throws Exception {
    Path script = Path.of(System.getProperty("neurospark.scripts.dir")).resolve("spark-cluster.sh");
    String fatJar = System.getProperty("neurospark.fat.jar");
    String jar = System.getProperty("neurospark.notebooks.jar");
    assertTrue(new File(fatJar).isFile() && new File(jar).isFile(), fatJar + ", " + jar);
    Path clusterDir = IT.resolve("cluster");
    Files.createDirectories(IT);
    String master = cluster(script, clusterDir, "start", "--workers", "2", "--cores", "1", "--memory", "768m").strip();
    try {
      assertTrue(master.startsWith("spark://127.0.0.1:"), master);
      System.setProperty("neurospark.notebook.dir", IT.resolve("work").toString());
      Note explore = Note.read(Path.of(System.getProperty("neurospark.notes.dir"), "explore-a-recording.zpln"));
      List<NoteResult> rs = NotebooksCli.runAll(List.of(explore), master, IT.resolve("out"),
          Map.of("spark.jars", fatJar + "," + jar, "spark.driver.host", "127.0.0.1",
              "spark.executor.memory", "512m", "spark.ui.enabled", "false"));
      NoteResult r = rs.get(0);
      assertEquals(master, r.master());
      for (ParagraphResult p : r.paragraphs()) {
        assertTrue(p.finished() && !p.outputs().isEmpty(),
            p.paragraph().title() + ": " + p.status() + " " + p.outputs());
      }
      String html = Files.readString(IT.resolve("out").resolve("explore-a-recording.html"), StandardCharsets.UTF_8);
      assertTrue(html.contains("master " + master), "the page names the cluster");
    } finally {
      cluster(script, clusterDir, "stop");
    }
  }

  private static String cluster(Path script, Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(IT.resolve("cluster-" + args[0] + ".log").toFile());
    pb.environment().put("NEUROSPARK_CLUSTER_DIR", dir.toString());
    pb.environment().put("NEUROSPARK_SPARK_CACHE", System.getProperty("neurospark.spark.cache"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "spark-cluster.sh " + args[0] + " timed out");
    assertEquals(0, p.exitValue(), "spark-cluster.sh " + String.join(" ", args) + " failed: see "
        + IT.resolve("cluster-" + args[0] + ".log"));
    return out;
  }
}
