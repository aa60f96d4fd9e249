package org.neurospark.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Counts the child processes this JVM starts while a piece of code runs (JFR's {@code jdk.ProcessStart}). */
public final class ProcessStarts {
  private ProcessStarts() {}

  /** Code that may throw. */
  public interface Work {
    void run() throws Exception;
  }

  /** The commands of the processes any thread of this JVM started while {@code work} ran. */
  public static List<String> during(Work work) throws Exception {
    Path out = Files.createTempFile("process-starts", ".jfr");
    try {
      try (Recording r = new Recording()) {
        r.enable("jdk.ProcessStart");
        r.start();
        work.run();
        r.stop();
        r.dump(out);
      }
      List<String> commands = new ArrayList<>();
      for (RecordedEvent e : RecordingFile.readAllEvents(out)) {
        if (e.getEventType().getName().equals("jdk.ProcessStart")) {
          commands.add(e.getString("command"));
        }
      }
      return commands;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
