package org.neurospark.events.cli;

import org.neurospark.events.ReadOptions;

/** Maps shared CLI flags to reader conventions. */
final class CliOptions {
  private CliOptions() {}

  static ReadOptions readOptions(boolean rebaseTime) {
    return ReadOptions.DEFAULT.withRebaseTime(rebaseTime);
  }
}
