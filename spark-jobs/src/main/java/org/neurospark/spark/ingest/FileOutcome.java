package org.neurospark.spark.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * What an executor found in one recording (sent back to the driver: metadata only, never events).
 *
 * @param path the recording
 * @param checksum content checksum ({@link Checksums}), or null when the file could not be read at all
 * @param format detected format id ({@link org.neurospark.events.EventFormat#id()}), or null on failure
 * @param fileWidth sensor width the file declares in pixels, 0 when undeclared
 * @param fileHeight sensor height the file declares in pixels, 0 when undeclared
 * @param errorOffset byte offset of the decoding problem, −1 when unknown; meaningful only when {@code error != null}
 * @param error the decoding problem, or null when the whole recording decoded
 * @param samples per-sample statistics (empty on failure)
 */
public record FileOutcome(String path, String checksum, String format, int fileWidth, int fileHeight,
    long errorOffset, String error, List<SampleStats> samples) implements Serializable {

  /** True when the recording decoded completely. */
  public boolean ok() {
    return error == null;
  }

  /**
   * Statistics of one sample's events.
   *
   * @param sampleId the sample
   * @param events number of events
   * @param tFirst timestamp of the first event in file order (µs), null when there are no events
   * @param tLast timestamp of the last event in file order (µs), null when there are no events
   */
  public record SampleStats(String sampleId, long events, Long tFirst, Long tLast) implements Serializable {}
}
