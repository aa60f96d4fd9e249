package org.neurospark.spark.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link FileGroups}: every file in exactly one group, loads balanced, order kept within a group. */
class FileGroupsTest {
  @Test
  void largeAndSmallFilesAreDealtToEvenLoads() {
    // full partition files first, then the small partial ones: slicing the list by count gives loads 60, 32, 4
    long[] sizes = {15, 15, 15, 15, 15, 15, 1, 1, 1, 1, 1, 1};
    List<String> files = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      files.add(String.format("f%02d", i));
      total += sizes[i];
    }
    List<List<String>> g = FileGroups.balance(files, sizes, 3);
    assertEquals(3, g.size());
    TreeSet<String> seen = new TreeSet<>();
    long max = 0;
    for (List<String> group : g) {
      long load = 0;
      for (String f : group) {
        assertTrue(seen.add(f), f + " twice");
        load += sizes[Integer.parseInt(f.substring(1))];
      }
      assertEquals(new ArrayList<>(new TreeSet<>(group)), group, "file order kept within a group");
      max = Math.max(max, load);
    }
    assertEquals(files.size(), seen.size());
    assertEquals(total / 3, max, "every group carries a third of the bytes");
  }

  @Test
  void fewerFilesThanGroupsGiveOneFileEach() {
    List<List<String>> g = FileGroups.balance(List.of("a", "b"), new long[] {5, 7}, 6);
    assertEquals(List.of(List.of("b"), List.of("a")), g);
    assertThrows(IllegalArgumentException.class, () -> FileGroups.balance(List.of("a"), new long[0], 2));
  }
}
