package org.neurospark.spark.cluster;

import java.io.Serializable;

/**
 * What {@link ClusterSmoke} learned about one recording, and where it was read.
 *
 * @param path the recording, as given on the command line
 * @param events number of polarity events event-io decoded
 * @param firstT timestamp of the first event, µs as the file stores it (-1 when there are no events)
 * @param lastT timestamp of the last event, µs as the file stores it (-1 when there are no events)
 * @param on number of ON events (polarity 1)
 * @param executorId Spark executor that read the file ({@code "driver"} in local mode)
 * @param pid operating-system process id of that executor's JVM
 */
public record FileCount(String path, long events, long firstT, long lastT, long on, String executorId, long pid)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One tab-separated output line: {@code FILE path events first_t last_t on executor pid}. */
  public String toLine() {
    return String.join("\t", "FILE", path, Long.toString(events), Long.toString(firstT), Long.toString(lastT),
        Long.toString(on), executorId, Long.toString(pid));
  }
}
