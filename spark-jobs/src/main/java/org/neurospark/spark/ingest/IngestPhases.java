package org.neurospark.spark.ingest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the wall time of an ingest run went, in seconds, measured on the driver from the start of the run (for
 * benchmarks; {@code ingest --json} does not print it). Phases follow each other in this order, except that the
 * {@code errors} commit runs on its own thread beside the {@code events} and {@code samples} commits, so the phases
 * can add up to more than the run's wall time.
 *
 * @param list taking the lock and listing the input folder (names, sizes, times)
 * @param plan reading the previous {@code samples}, classifying the recordings, verifying checksums of
 *     candidates on the executors, starting the {@code events} transaction and copying rows to keep
 * @param tasks the Spark job that decodes the recordings and writes the {@code events} data files (submission to
 *     the last result on the driver)
 * @param eventsCommit the {@code events} Delta commit
 * @param samplesCommit committing the {@code samples} table after the {@code events} commit (its data file is
 *     written on another thread during the {@code events} commit; about 0 when nothing changed: no commit)
 * @param errorsCommit writing and committing the {@code errors} table (0 when it needed no commit)
 */
public record IngestPhases(double list, double plan, double tasks, double eventsCommit, double samplesCommit,
    double errorsCommit) {

  /** The phases by name ({@code list_s, plan_s, tasks_s, events_commit_s, samples_commit_s, errors_commit_s}). */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("list_s", list);
    m.put("plan_s", plan);
    m.put("tasks_s", tasks);
    m.put("events_commit_s", eventsCommit);
    m.put("samples_commit_s", samplesCommit);
    m.put("errors_commit_s", errorsCommit);
    return m;
  }

  /** One line: {@code list 0.25 s, plan 0.01 s, ...}. */
  public String toText() {
    return String.format(Locale.ROOT, "list %.2f s, plan %.2f s, tasks %.2f s, events commit %.2f s, samples commit "
        + "%.2f s, errors commit %.2f s", list, plan, tasks, eventsCommit, samplesCommit, errorsCommit);
  }
}
