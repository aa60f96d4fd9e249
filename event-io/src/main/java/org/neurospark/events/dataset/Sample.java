package org.neurospark.events.dataset;

import java.nio.file.Path;

/**
 * One sample of a dataset: a recording, or a time segment of one (DVS128 Gesture).
 *
 * @param file the recording
 * @param label class index (0-based, in the catalog's class order)
 * @param className the class's name
 * @param split train / test / none
 * @param startUs segment start (µs, inclusive), or −1 for the whole file
 * @param endUs segment end (µs, exclusive), or −1 for the whole file
 * @param name sample name, unique within the dataset (file stem, or SpikingJelly's {@code <file>_<k>} for segments)
 */
public record Sample(Path file, int label, String className, Split split, long startUs, long endUs, String name) {
  /** True when the sample is the whole recording. */
  public boolean wholeFile() {
    return startUs < 0;
  }

  /** The same sample assigned to {@code s}. */
  public Sample withSplit(Split s) {
    return new Sample(file, label, className, s, startUs, endUs, name);
  }
}
