package org.neurospark.events.format.aedat3;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text header of an AEDAT 3.1 file: lines from {@code #!AER-DAT3.1} to {@code #!END-HEADER} (CRLF, LF accepted).
 *
 * @param version the version after {@code #!AER-DAT}, e.g. {@code "3.1"}
 * @param format the {@code #Format:} value ({@code RAW} when absent)
 * @param sources {@code #Source <id>: <name>} entries by id, in file order
 * @param width sensor width in pixels from the header ({@code sizeX}) or the first source's camera name; 0 if unknown
 * @param height sensor height in pixels, likewise; 0 if unknown
 * @param dataOffset byte offset of the first packet (right after the {@code #!END-HEADER} line)
 * @param lines all header lines without their terminators
 */
public record Aedat3Header(String version, String format, Map<Integer, String> sources, int width, int height,
    long dataOffset, List<String> lines) {

  private static final Pattern SOURCE = Pattern.compile("^#Source (-?\\d+):\\s*(.*)$");
  private static final Pattern SIZE_X = Pattern.compile("sizeX\\D{0,40}?(\\d{1,5})");
  private static final Pattern SIZE_Y = Pattern.compile("sizeY\\D{0,40}?(\\d{1,5})");

  /** Known cAER camera names and their pixel arrays (width x height); longest prefix wins. */
  private static final Map<String, int[]> CAMERAS = new LinkedHashMap<>();

  static {
    CAMERAS.put("DVS128", new int[] {128, 128});
    CAMERAS.put("DVS132S", new int[] {132, 104});
    CAMERAS.put("DAVIS128", new int[] {128, 128});
    CAMERAS.put("DAVIS208", new int[] {208, 192});
    CAMERAS.put("DAVIS240", new int[] {240, 180});
    CAMERAS.put("DAVIS346", new int[] {346, 260});
    CAMERAS.put("DAVIS640", new int[] {640, 480});
    CAMERAS.put("DVXPLORER", new int[] {640, 480});
  }

  /**
   * Builds the header from its lines (the first must be {@code #!AER-DAT3.x}).
   *
   * @throws IllegalArgumentException when the first line is not an AEDAT 3 version line
   */
  static Aedat3Header of(List<String> lines, long dataOffset) {
    String first = lines.isEmpty() ? "" : lines.get(0);
    if (!first.startsWith("#!AER-DAT3")) {
      throw new IllegalArgumentException("first line '" + first + "' is not '#!AER-DAT3.1'");
    }
    String version = first.substring("#!AER-DAT".length()).trim();
    String format = "RAW";
    Map<Integer, String> sources = new LinkedHashMap<>();
    int w = 0;
    int h = 0;
    for (String line : lines) {
      if (line.startsWith("#Format:")) {
        format = line.substring("#Format:".length()).trim();
      }
      Matcher m = SOURCE.matcher(line);
      if (m.matches()) {
        sources.putIfAbsent(Integer.parseInt(m.group(1)), m.group(2).trim());
      }
      Matcher mx = SIZE_X.matcher(line);
      if (w == 0 && mx.find()) {
        w = Integer.parseInt(mx.group(1));
      }
      Matcher my = SIZE_Y.matcher(line);
      if (h == 0 && my.find()) {
        h = Integer.parseInt(my.group(1));
      }
    }
    if ((w == 0 || h == 0) && !sources.isEmpty()) {
      int[] size = cameraSize(sources.values().iterator().next());
      if (size != null) {
        w = size[0];
        h = size[1];
      }
    }
    if (w == 0 || h == 0) {
      w = 0;
      h = 0;
    }
    return new Aedat3Header(version, format, Collections.unmodifiableMap(sources), w, h, dataOffset,
        List.copyOf(lines));
  }

  /** Pixel array of a cAER camera name such as {@code DVS128} or {@code DAVIS346B}; null when unknown. */
  public static int[] cameraSize(String name) {
    String n = name.toUpperCase(Locale.ROOT).replace(" ", "");
    int[] best = null;
    int bestLen = -1;
    for (Map.Entry<String, int[]> e : CAMERAS.entrySet()) {
      if (n.startsWith(e.getKey()) && e.getKey().length() > bestLen) {
        best = e.getValue();
        bestLen = e.getKey().length();
      }
    }
    return best == null ? null : best.clone();
  }
}
