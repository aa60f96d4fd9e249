package org.neurospark.spark.ingest;

import java.io.Serializable;

/**
 * One sample to ingest, as listed on the driver from a catalog (metadata only, serializable for executors).
 *
 * @param sampleId stable id: the recording's path relative to the input folder ({@code /}-separated), plus
 *     {@code #<label>/<name>} for a time segment of a recording (DVS128 Gesture, e.g.
 *     {@code DvsGesture/user01_natural.aedat#7/user01_natural_0}; SpikingJelly's {@code <label>/<file>_<k>})
 * @param dataset catalog name ({@code nmnist}, ..., {@code folder})
 * @param split {@code train}, {@code test} or {@code none}
 * @param label class index (0-based)
 * @param className class name
 * @param path the recording (absolute local path)
 * @param startUs segment start in µs (inclusive), or −1 for the whole recording
 * @param endUs segment end in µs (exclusive), or −1 for the whole recording
 * @param name the catalog's sample name
 * @param width sensor width declared by the catalog in pixels, 0 when the catalog does not declare one
 * @param height sensor height declared by the catalog in pixels, 0 when the catalog does not declare one
 */
public record SampleSpec(String sampleId, String dataset, String split, int label, String className, String path,
    long startUs, long endUs, String name, int width, int height) implements Serializable {

  /** True when the sample is the whole recording. */
  public boolean wholeFile() {
    return startUs < 0;
  }
}
