package org.neurospark.spark.testing;

/**
 * Outcome of one run of {@code spark-cluster.sh} (or of spark-submit through it).
 *
 * @param exitCode the process's exit status
 * @param stdout everything it wrote to standard output (for {@code submit}: the application's output)
 * @param stderr everything it wrote to standard error (logs, messages)
 */
public record ScriptResult(int exitCode, String stdout, String stderr) {
  /** Throws with both streams when the exit status is not 0; returns this otherwise. */
  public ScriptResult requireSuccess(String what) {
    if (exitCode != 0) {
      throw new IllegalStateException(what + " failed with exit status " + exitCode + "\n--- stdout\n" + stdout
          + "\n--- stderr\n" + stderr);
    }
    return this;
  }
}
