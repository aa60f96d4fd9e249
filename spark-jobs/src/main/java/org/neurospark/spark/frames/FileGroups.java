package org.neurospark.spark.frames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Deals data files to tasks so that each task reads about the same number of bytes: largest file first, each to the
 * task with the fewest bytes so far (longest-processing-time-first; within 4/3 of the best split). The files of a
 * table written by ingest differ in size by a factor of 30 (a task's first and last partition folders are partial),
 * so slicing the list by count left one task with most of the work.
 */
final class FileGroups {
  private FileGroups() {}

  /**
   * {@code files} in at most {@code groups} non-empty groups of balanced total {@code sizes} (bytes, one per file);
   * within a group, files keep their order in {@code files}.
   */
  static List<List<String>> balance(List<String> files, long[] sizes, int groups) {
    if (files.size() != sizes.length) {
      throw new IllegalArgumentException(files.size() + " files, " + sizes.length + " sizes");
    }
    int g = Math.max(1, Math.min(groups, files.size()));
    Integer[] order = new Integer[files.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingLong((Integer i) -> sizes[i]).reversed()
        .thenComparing(i -> i));
    // task loads: {bytes, task index}, least loaded first (ties: lower index)
    PriorityQueue<long[]> load = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
        : Long.compare(a[1], b[1]));
    List<List<Integer>> members = new ArrayList<>();
    for (int t = 0; t < g; t++) {
      load.add(new long[] {0, t});
      members.add(new ArrayList<>());
    }
    for (int i : order) {
      long[] least = load.poll();
      members.get((int) least[1]).add(i);
      least[0] += sizes[i];
      load.add(least);
    }
    List<List<String>> out = new ArrayList<>();
    for (List<Integer> m : members) {
      if (!m.isEmpty()) {
        m.sort(null);
        List<String> names = new ArrayList<>(m.size());
        m.forEach(i -> names.add(files.get(i)));
        out.add(names);
      }
    }
    return out;
  }
}
