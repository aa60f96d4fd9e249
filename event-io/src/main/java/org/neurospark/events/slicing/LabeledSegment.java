package org.neurospark.events.slicing;

/**
 * One labelled time segment of a recording (a DVS128 Gesture label-CSV row).
 *
 * @param row 0-based data row in the CSV (header excluded)
 * @param classId class as written in the file (DVS128 Gesture: 1..11)
 * @param label training label = {@code classId − 1} (SpikingJelly's convention)
 * @param startUs segment start (µs, inclusive)
 * @param endUs segment end (µs, exclusive)
 * @param repeat how many earlier rows of this file have the same label (SpikingJelly's {@code _k} file suffix)
 */
public record LabeledSegment(int row, int classId, int label, long startUs, long endUs, int repeat) {
  /** True when {@code t} lies in {@code [startUs, endUs)}. */
  public boolean contains(long t) {
    return t >= startUs && t < endUs;
  }
}
