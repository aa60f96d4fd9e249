package org.neurospark.spark.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The recordings one ingest task ingests, in order. Serializes as a {@link CompactForm} (a byte array, not an object
 * graph: it travels with the task).
 *
 * @param files the recordings
 */
record WorkSlice(List<FileWork> files) implements Serializable {
  WorkSlice {
    files = List.copyOf(files);
  }

  private Object writeReplace() {
    return CompactForm.of(this);
  }

  /**
   * {@code work} cut into {@code n} contiguous slices in order, their sizes differing by at most one (as Spark's
   * {@code parallelize} cuts a list); fewer when there are fewer recordings, one (empty) for none.
   */
  static List<WorkSlice> split(List<FileWork> work, int n) {
    int slices = Math.max(1, Math.min(n, work.size()));
    List<WorkSlice> out = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) {
      int from = (int) ((long) i * work.size() / slices);
      int to = (int) ((long) (i + 1) * work.size() / slices);
      out.add(new WorkSlice(work.subList(from, to)));
    }
    return out;
  }
}
