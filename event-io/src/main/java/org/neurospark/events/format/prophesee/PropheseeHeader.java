package org.neurospark.events.format.prophesee;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurospark.events.io.ChunkedFileInput;
import org.neurospark.events.io.HeaderLines;

/**
 * The {@code '%'} text header shared by Prophesee RAW (EVT 2.0 / 3.0) and DAT files, and the sensor size it
 * declares. The header ends at the first byte that does not start a {@code '%'} line, or after a {@code % end} line.
 *
 * <p>Sensor size, in order: {@code % geometry WxH}; {@code % format EVTn;height=H;width=W}; {@code % Width W} with
 * {@code % Height H}; otherwise the camera generation named by {@code % plugin_name} or {@code % sensor_generation}
 * (Gen3/Gen3.1 640×480, Gen4/Gen4.1/IMX636 1280×720); otherwise unknown (0×0).
 *
 * @param lines header lines without line ends
 * @param dataStart byte offset of the first data byte
 * @param width declared sensor width in pixels, 0 when unknown
 * @param height declared sensor height in pixels, 0 when unknown
 */
public record PropheseeHeader(List<String> lines, long dataStart, int width, int height) {
  private static final Pattern GEOMETRY = Pattern.compile("%\\s*geometry\\s+(\\d+)\\s*x\\s*(\\d+)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern FORMAT_W = Pattern.compile("[;\\s]width\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern FORMAT_H = Pattern.compile("[;\\s]height\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern WIDTH = Pattern.compile("%\\s*width\\s+(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEIGHT = Pattern.compile("%\\s*height\\s+(\\d+)", Pattern.CASE_INSENSITIVE);
  /** Largest accepted declared dimension (the formats' address fields are at most 14 bits). */
  public static final int MAX_DIMENSION = 1 << 14;

  /** Consumes the header of {@code in}; on return {@code in.position() == dataStart()}. */
  public static PropheseeHeader read(ChunkedFileInput in) throws IOException {
    List<String> lines = HeaderLines.read(in, (byte) '%', "% end");
    int[] size = sensorSize(lines);
    return new PropheseeHeader(lines, in.position(), size[0], size[1]);
  }

  /** True when the header declares (or implies) a sensor size. */
  public boolean hasSensorSize() {
    return width > 0 && height > 0;
  }

  /** The value of a {@code % key value} line, or null. */
  public String value(String key) {
    for (String line : lines) {
      String s = line.substring(1).trim();
      if (s.regionMatches(true, 0, key, 0, key.length())
          && (s.length() == key.length() || Character.isWhitespace(s.charAt(key.length())))) {
        return s.substring(key.length()).trim();
      }
    }
    return null;
  }

  /**
   * The event encoding the header declares, normalised to {@code "2.0"}, {@code "2.1"}, {@code "3.0"} (from
   * {@code % evt 2.0} or {@code % format EVT21;...}), or null when it declares none.
   */
  public String encoding() {
    String evt = value("evt");
    if (evt != null && !evt.isEmpty()) {
      String e = evt.trim();
      return e.indexOf('.') < 0 ? e + ".0" : e;
    }
    String format = value("format");
    if (format != null) {
      String f = format.toUpperCase(Locale.ROOT);
      if (f.startsWith("EVT21")) {
        return "2.1";
      }
      if (f.startsWith("EVT2")) {
        return "2.0";
      }
      if (f.startsWith("EVT3")) {
        return "3.0";
      }
    }
    return null;
  }

  static int[] sensorSize(List<String> lines) {
    int w = 0;
    int h = 0;
    for (String line : lines) {
      Matcher g = GEOMETRY.matcher(line);
      if (g.find()) {
        return checked(g.group(1), g.group(2));
      }
    }
    for (String line : lines) {
      String l = line.toLowerCase(Locale.ROOT);
      if (l.matches("%\\s*format\\s.*")) {
        Matcher mw = FORMAT_W.matcher(line);
        Matcher mh = FORMAT_H.matcher(line);
        if (mw.find() && mh.find()) {
          return checked(mw.group(1), mh.group(1));
        }
      }
    }
    for (String line : lines) {
      Matcher mw = WIDTH.matcher(line);
      Matcher mh = HEIGHT.matcher(line);
      if (mw.matches()) {
        w = parse(mw.group(1));
      }
      if (mh.matches()) {
        h = parse(mh.group(1));
      }
    }
    if (w > 0 && h > 0) {
      return new int[] {w, h};
    }
    for (String line : lines) {
      String l = line.toLowerCase(Locale.ROOT);
      if (l.contains("plugin_name") || l.contains("sensor_generation")) {
        if (l.contains("gen41") || l.contains("gen4") || l.contains("imx636") || l.contains("4.1")
            || l.matches(".*sensor_generation\\s+4.*")) {
          return new int[] {1280, 720};
        }
        if (l.contains("gen31") || l.contains("gen3") || l.matches(".*sensor_generation\\s+3.*")) {
          return new int[] {640, 480};
        }
      }
    }
    return new int[] {0, 0};
  }

  private static int[] checked(String w, String h) {
    int wi = parse(w);
    int hi = parse(h);
    return wi > 0 && hi > 0 ? new int[] {wi, hi} : new int[] {0, 0};
  }

  /** Parses a dimension; values outside (0, MAX_DIMENSION] count as "not declared". */
  private static int parse(String s) {
    try {
      int v = Integer.parseInt(s);
      return v > 0 && v <= MAX_DIMENSION ? v : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
