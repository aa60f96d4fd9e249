package org.neurospark.notebooks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.neurospark.events.EventBatch;
import org.neurospark.events.frames.AnimatedGifWriter;
import org.neurospark.events.frames.FrameImages;
import org.neurospark.events.frames.Frames;

/**
 * The pictures the notes show, rendered in the JVM (Java2D, headless) and embedded in a Zeppelin {@code %html}
 * result as base64 PNG or GIF: {@code println("%html " + Plots.html(Plots.raster(events, 34, 34)))}.
 *
 * <p>Colours follow event-io's {@link FrameImages}: ON events sky blue ({@link FrameImages#ON_RGB}), OFF events
 * orange-red ({@link FrameImages#OFF_RGB}) on a dark background. Events are event-io {@link EventBatch}es: t in µs,
 * x/y in pixels, p 1 = ON, 0 = OFF. Axis labels need a font; on a JVM without any, pictures are drawn without
 * labels. Every method is a pure function of its arguments.
 */
public final class Plots {
  /** Background of the plots. */
  public static final Color BACKGROUND = new Color(16, 16, 24);
  /** ON events. */
  public static final Color ON = new Color(FrameImages.ON_RGB[0], FrameImages.ON_RGB[1], FrameImages.ON_RGB[2]);
  /** OFF events. */
  public static final Color OFF = new Color(FrameImages.OFF_RGB[0], FrameImages.OFF_RGB[1], FrameImages.OFF_RGB[2]);

  private static final int MARGIN_L = 56;
  private static final int MARGIN_B = 36;
  private static final int MARGIN_T = 24;
  private static final int MARGIN_R = 12;
  private static final Color AXIS = new Color(200, 200, 210);

  private Plots() {}

  /**
   * Event raster: one dot per event at (time, pixel index {@code y·width + x}), coloured by polarity. Shows when
   * which pixels fire (N-MNIST's three saccades appear as three bands).
   *
   * @param width sensor width, pixels (events with x outside [0, width) or y outside [0, height) are skipped)
   * @param height sensor height, pixels
   * @return a 640 × 360 image
   */
  public static BufferedImage raster(EventBatch events, int width, int height) {
    int w = 640;
    int h = 360;
    BufferedImage img = canvas(w, h);
    Graphics2D g = img.createGraphics();
    int pw = w - MARGIN_L - MARGIN_R;
    int ph = h - MARGIN_T - MARGIN_B;
    long t0 = events.size() == 0 ? 0 : events.t()[0];
    long span = Math.max(1, events.size() == 0 ? 1 : events.t()[events.size() - 1] - t0);
    int pixels = Math.max(1, width * height);
    for (int i = 0; i < events.size(); i++) {
      int x = events.x()[i];
      int y = events.y()[i];
      if (x < 0 || x >= width || y < 0 || y >= height) {
        continue;
      }
      int px = MARGIN_L + (int) ((events.t()[i] - t0) * (pw - 1) / span);
      int py = MARGIN_T + ph - 1 - (int) ((long) (y * width + x) * (ph - 1) / pixels);
      img.setRGB(px, py, (events.p()[i] != 0 ? ON : OFF).getRGB());
    }
    axes(g, w, h, "time (ms)", 0, span / 1000.0, "pixel y·W+x", 0, pixels);
    legend(g, w);
    g.dispose();
    return img;
  }

  /**
   * x–y–t scatter: every event as a dot in an oblique projection of the box (x, y, t) — x to the right, y up the
   * page, time receding up and to the right — coloured by polarity. Shows the motion of edges over time.
   *
   * @param maxPoints at most this many events are drawn (evenly subsampled), e.g. 20 000
   * @return a 640 × 480 image
   */
  public static BufferedImage scatter3d(EventBatch events, int width, int height, int maxPoints) {
    int w = 640;
    int h = 480;
    BufferedImage img = canvas(w, h);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    double boxW = 300;
    double boxH = 300;
    double depthX = 230;
    double depthY = -130;
    double ox = 60;
    double oy = h - 40;
    long t0 = events.size() == 0 ? 0 : events.t()[0];
    double span = Math.max(1, events.size() == 0 ? 1 : events.t()[events.size() - 1] - t0);
    // the box's edges
    g.setColor(new Color(90, 90, 110));
    double[][] corners = new double[8][];
    for (int c = 0; c < 8; c++) {
      double fx = c & 1;
      double fy = (c >> 1) & 1;
      double ft = (c >> 2) & 1;
      corners[c] = new double[] {ox + fx * boxW + ft * depthX, oy - fy * boxH + ft * depthY};
    }
    int[][] edges = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {4, 5}, {4, 6}, {5, 7}, {6, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
    for (int[] e : edges) {
      g.drawLine((int) corners[e[0]][0], (int) corners[e[0]][1], (int) corners[e[1]][0], (int) corners[e[1]][1]);
    }
    int n = events.size();
    int step = Math.max(1, (int) Math.ceil(n / (double) Math.max(1, maxPoints)));
    Color on = new Color(ON.getRed(), ON.getGreen(), ON.getBlue(), 150);
    Color off = new Color(OFF.getRed(), OFF.getGreen(), OFF.getBlue(), 150);
    for (int i = 0; i < n; i += step) {
      double fx = (events.x()[i] + 0.5) / Math.max(1, width);
      double fy = 1 - (events.y()[i] + 0.5) / Math.max(1, height);
      double ft = (events.t()[i] - t0) / span;
      double px = ox + fx * boxW + ft * depthX;
      double py = oy - fy * boxH + ft * depthY;
      g.setColor(events.p()[i] != 0 ? on : off);
      g.fillRect((int) px, (int) py, 2, 2);
    }
    text(g, AXIS, "x", (int) (ox + boxW / 2), (int) oy + 18);
    text(g, AXIS, "y", (int) ox - 16, (int) (oy - boxH / 2));
    text(g, AXIS, String.format("t: 0 → %.1f ms", span / 1000.0), (int) (ox + boxW + depthX / 2) - 20,
        (int) (oy + depthY / 2) + 18);
    legend(g, w);
    g.dispose();
    return img;
  }

  /**
   * Event-rate histogram: ON and OFF event counts per time bin, as stacked bars (OFF below, ON above).
   *
   * @param binUs bin width, µs (&gt; 0)
   * @return a 640 × 320 image
   */
  public static BufferedImage rateHistogram(EventBatch events, long binUs) {
    if (binUs <= 0) {
      throw new IllegalArgumentException("binUs must be positive: " + binUs);
    }
    int n = events.size();
    long t0 = n == 0 ? 0 : events.t()[0];
    long span = n == 0 ? 0 : events.t()[n - 1] - t0;
    int bins = (int) Math.min(2000, span / binUs + 1);
    long[] on = new long[bins];
    long[] off = new long[bins];
    for (int i = 0; i < n; i++) {
      int b = (int) Math.min(bins - 1, (events.t()[i] - t0) / binUs);
      if (events.p()[i] != 0) {
        on[b]++;
      } else {
        off[b]++;
      }
    }
    long max = 1;
    for (int b = 0; b < bins; b++) {
      max = Math.max(max, on[b] + off[b]);
    }
    int w = 640;
    int h = 320;
    BufferedImage img = canvas(w, h);
    Graphics2D g = img.createGraphics();
    int pw = w - MARGIN_L - MARGIN_R;
    int ph = h - MARGIN_T - MARGIN_B;
    double bw = pw / (double) bins;
    for (int b = 0; b < bins; b++) {
      int x0 = MARGIN_L + (int) Math.round(b * bw);
      int x1 = Math.max(x0 + 1, MARGIN_L + (int) Math.round((b + 1) * bw) - (bw > 3 ? 1 : 0));
      int hOff = (int) Math.round(off[b] * (double) ph / max);
      int hOn = (int) Math.round(on[b] * (double) ph / max);
      int base = MARGIN_T + ph;
      g.setColor(OFF);
      g.fillRect(x0, base - hOff, x1 - x0, hOff);
      g.setColor(ON);
      g.fillRect(x0, base - hOff - hOn, x1 - x0, hOn);
    }
    axes(g, w, h, String.format("time (ms), bins of %.1f ms", binUs / 1000.0), 0, bins * binUs / 1000.0,
        "events / bin", 0, max);
    legend(g, w);
    g.dispose();
    return img;
  }

  /**
   * The frames of {@code frames} ({@code [T, 2, H, W]} counts from event-io's {@code FrameIntegrator}) side by side
   * in a grid, each drawn by {@link FrameImages#render} at {@code scale}, with a 4-pixel gap.
   *
   * @param columns frames per row (≥ 1)
   * @param scale screen pixels per sensor pixel (≥ 1), e.g. {@link FrameImages#defaultScale}
   */
  public static BufferedImage frameGrid(Frames frames, int columns, int scale) {
    if (columns < 1 || scale < 1) {
      throw new IllegalArgumentException("columns and scale must be positive: " + columns + ", " + scale);
    }
    int t = frames.frames();
    int fw = frames.width() * scale;
    int fh = frames.height() * scale;
    int cols = Math.min(columns, Math.max(1, t));
    int rows = (t + cols - 1) / cols;
    int gap = 4;
    BufferedImage img = canvas(Math.max(1, cols * (fw + gap) + gap), Math.max(1, rows * (fh + gap) + gap));
    Graphics2D g = img.createGraphics();
    for (int i = 0; i < t; i++) {
      BufferedImage f = FrameImages.render(frames.data(), i * frames.frameSize(), frames.height(), frames.width(),
          scale);
      g.drawImage(f, gap + (i % cols) * (fw + gap), gap + (i / cols) * (fh + gap), null);
    }
    g.dispose();
    return img;
  }

  /**
   * A confusion matrix as a heat map: row = true class, column = predicted class, cell brightness = share of the
   * row, with the count written in each cell.
   *
   * @param counts {@code counts[true][predicted]}, square
   * @param labels class names, one per row
   */
  public static BufferedImage confusion(long[][] counts, List<String> labels) {
    int k = counts.length;
    if (labels.size() != k) {
      throw new IllegalArgumentException(k + " rows but " + labels.size() + " labels");
    }
    int cell = Math.max(24, Math.min(48, 480 / Math.max(1, k)));
    int left = 110;
    int top = 40;
    BufferedImage img = canvas(left + k * cell + 20, top + k * cell + 40);
    Graphics2D g = img.createGraphics();
    for (int r = 0; r < k; r++) {
      if (counts[r].length != k) {
        throw new IllegalArgumentException("row " + r + " has " + counts[r].length + " columns, not " + k);
      }
      long sum = 0;
      for (long c : counts[r]) {
        sum += c;
      }
      for (int c = 0; c < k; c++) {
        double share = sum == 0 ? 0 : counts[r][c] / (double) sum;
        int v = (int) Math.round(30 + 225 * share);
        g.setColor(r == c ? new Color(0, v * 160 / 255, v) : new Color(v, v * 80 / 255, 0));
        g.fillRect(left + c * cell, top + r * cell, cell - 1, cell - 1);
        if (counts[r][c] > 0) {
          text(g, Color.WHITE, Long.toString(counts[r][c]), left + c * cell + 4, top + r * cell + cell / 2 + 4);
        }
      }
      text(g, AXIS, labels.get(r), 6, top + r * cell + cell / 2 + 4);
    }
    text(g, AXIS, "predicted →", left, top - 12);
    text(g, AXIS, "true ↓", 6, top - 12);
    g.dispose();
    return img;
  }

  /** {@code image} as an HTML {@code <img>} with a base64 PNG data URI. */
  public static String html(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray()) + "\"/>";
  }

  /**
   * The frames as an endless animated GIF ({@link AnimatedGifWriter}) in an HTML {@code <img>}.
   *
   * @param scale screen pixels per sensor pixel
   * @param delayMs time each frame shows, ms
   */
  public static String animation(Frames frames, int scale, int delayMs) {
    try {
      Path tmp = Files.createTempFile("neurospark-frames", ".gif");
      try {
        try (AnimatedGifWriter gif = new AnimatedGifWriter(tmp, delayMs)) {
          for (int i = 0; i < frames.frames(); i++) {
            gif.append(FrameImages.render(frames.data(), i * frames.frameSize(), frames.height(), frames.width(),
                scale));
          }
        }
        return "<img src=\"data:image/gif;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(tmp))
            + "\"/>";
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage canvas(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static void axes(Graphics2D g, int w, int h, String xLabel, double x0, double x1, String yLabel,
      double y0, double y1) {
    int px0 = MARGIN_L - 1;
    int py0 = h - MARGIN_B;
    g.setColor(AXIS);
    g.setStroke(new BasicStroke(1));
    g.drawLine(px0, MARGIN_T, px0, py0);
    g.drawLine(px0, py0, w - MARGIN_R, py0);
    for (int i = 0; i <= 4; i++) {
      int x = px0 + (w - MARGIN_R - px0) * i / 4;
      int y = py0 - (py0 - MARGIN_T) * i / 4;
      g.drawLine(x, py0, x, py0 + 4);
      g.drawLine(px0 - 4, y, px0, y);
      text(g, AXIS, num(x0 + (x1 - x0) * i / 4), x - 10, py0 + 16);
      text(g, AXIS, num(y0 + (y1 - y0) * i / 4), 4, y + 4);
    }
    text(g, AXIS, xLabel, w / 2 - 60, h - 4);
    text(g, AXIS, yLabel, 4, MARGIN_T - 8);
  }

  private static void legend(Graphics2D g, int w) {
    g.setColor(ON);
    g.fillRect(w - 120, 8, 10, 10);
    text(g, AXIS, "ON", w - 106, 17);
    g.setColor(OFF);
    g.fillRect(w - 70, 8, 10, 10);
    text(g, AXIS, "OFF", w - 56, 17);
  }

  private static String num(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format("%.1f", v);
  }

  private static void text(Graphics2D g, Color c, String s, int x, int y) {
    try {
      g.setColor(c);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.drawString(s, x, y);
    } catch (Error | RuntimeException e) {
      // no usable font in this JVM (e.g. a headless container without fontconfig): the picture goes unlabelled
    }
  }
}
