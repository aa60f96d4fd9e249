package org.neurospark.events.slicing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventFileException;

/**
 * Reads DVS128 Gesture label files ({@code userNN_<lighting>_labels.csv}): a header line
 * ({@code class,startTime_usec,endTime_usec}) then one row per gesture, comma-separated unsigned integers. As
 * SpikingJelly: label = class − 1, the segment is {@code [start, end)} µs, and rows of the same label are numbered
 * {@code 0, 1, ...} in file order.
 */
public final class LabelCsv {
  private LabelCsv() {}

  /**
   * @throws EventFileException naming the file, the byte offset and line of a malformed row (wrong column count,
   *     not an integer, class &lt; 1, end ≤ start), or an empty file
   */
  public static List<LabeledSegment> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<LabeledSegment> out = new ArrayList<>();
    Map<Integer, Integer> repeats = new HashMap<>();
    int pos = 0;
    int line = 0;
    boolean headerSeen = false;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : nl;
      String row = text.substring(pos, end).trim();
      long offset = text.substring(0, pos).getBytes(StandardCharsets.UTF_8).length;
      line++;
      pos = end + 1;
      if (row.isEmpty()) {
        continue;
      }
      if (!headerSeen) {
        headerSeen = true;
        if (!Character.isDigit(row.charAt(0))) {
          continue; // header
        }
      }
      String[] cols = row.split(",");
      if (cols.length != 3) {
        throw new EventFileException(file, offset, "line " + line + ": expected 3 columns class,startTime_usec,"
            + "endTime_usec, found " + cols.length + ": '" + row + "'");
      }
      long[] v = new long[3];
      for (int i = 0; i < 3; i++) {
        try {
          v[i] = Long.parseLong(cols[i].trim());
        } catch (NumberFormatException e) {
          throw new EventFileException(file, offset, "line " + line + ": column " + (i + 1) + " '" + cols[i].trim()
              + "' is not an integer");
        }
        if (v[i] < 0) {
          throw new EventFileException(file, offset, "line " + line + ": negative value " + v[i]);
        }
      }
      if (v[0] < 1 || v[0] > Integer.MAX_VALUE) {
        throw new EventFileException(file, offset, "line " + line + ": class " + v[0] + " must be >= 1");
      }
      if (v[2] <= v[1]) {
        throw new EventFileException(file, offset, "line " + line + ": end " + v[2] + " µs is not after start "
            + v[1] + " µs");
      }
      int label = (int) v[0] - 1;
      int k = repeats.merge(label, 1, Integer::sum) - 1;
      out.add(new LabeledSegment(out.size(), (int) v[0], label, v[1], v[2], k));
    }
    if (out.isEmpty()) {
      throw new EventFileException(file, 0, "no label rows (expected a header and rows class,startTime_usec,"
          + "endTime_usec)");
    }
    return out;
  }
}
