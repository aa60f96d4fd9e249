package org.neurospark.spark.frames;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the wall time of a frames run went, in seconds, measured on the driver (for benchmarks; {@code frames --json}
 * does not print it). The phases follow each other.
 *
 * @param plan reading the {@code samples} table (sensor sizes, event counts), listing the {@code events} data files
 *     of its version and their sizes, broadcasting the samples' shapes
 * @param tasks the Spark job that reads the events data files, integrates the samples and writes the frames data
 *     files (submission to the last result on the driver)
 * @param commit the frames of samples without events, and the {@code frames} Delta commit
 */
public record FramesPhases(double plan, double tasks, double commit) {

  /** The phases by name ({@code plan_s, tasks_s, commit_s}). */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("plan_s", plan);
    m.put("tasks_s", tasks);
    m.put("commit_s", commit);
    return m;
  }

  /** One line: {@code plan 0.25 s, tasks 3.10 s, commit 0.20 s}. */
  public String toText() {
    return String.format(Locale.ROOT, "plan %.2f s, tasks %.2f s, commit %.2f s", plan, tasks, commit);
  }
}
