package org.neurospark.spark.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * One recording to ingest and the samples it holds (one, or several time segments).
 *
 * @param path absolute local path of the recording
 * @param sizeBytes file size in bytes at listing time
 * @param modifiedMs last-modified time at listing time, ms since the epoch
 * @param samples the samples of this recording, in catalog order
 */
public record FileWork(String path, long sizeBytes, long modifiedMs, List<SampleSpec> samples)
    implements Serializable {
  public FileWork {
    samples = List.copyOf(samples);
  }
}
