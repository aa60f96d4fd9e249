package org.neurospark.snn.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws training curves to a PNG with java.awt in headless mode: left panel loss, right panel accuracy, train
 * (blue) and test (orange) against the epoch (fractional for partial epochs).
 */
public final class CurvePlot {
  private CurvePlot() {}

  /** One point per evaluated epoch; NaN values are skipped. */
  public record Point(double epoch, double trainLoss, double testLoss, double trainAcc, double testAcc)
      implements java.io.Serializable {}

  private static final Color TRAIN = new Color(31, 119, 180);
  private static final Color TEST = new Color(255, 127, 14);

  /** Writes a 1000×420 PNG. */
  public static void write(Path png, List<Point> pts) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 1000;
    int h = 420;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    panel(g, 10, 10, w / 2 - 20, h - 20, "loss", pts, true);
    panel(g, w / 2 + 10, 10, w / 2 - 20, h - 20, "accuracy", pts, false);
    g.dispose();
    Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
    if (!ImageIO.write(img, "png", tmp.toFile())) {
      throw new IOException("no PNG writer available");
    }
    Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void panel(Graphics2D g, int x0, int y0, int w, int h, String title, List<Point> pts,
      boolean loss) {
    int left = x0 + 55;
    int right = x0 + w - 10;
    int top = y0 + 25;
    int bottom = y0 + h - 35;
    double xmin = 0;
    double xmax = 1;
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (Point p : pts) {
      xmax = Math.max(xmax, p.epoch());
      for (double v : loss ? new double[] {p.trainLoss(), p.testLoss()} : new double[] {p.trainAcc(), p.testAcc()}) {
        if (Double.isFinite(v)) {
          ymin = Math.min(ymin, v);
          ymax = Math.max(ymax, v);
        }
      }
    }
    if (!Double.isFinite(ymin)) {
      ymin = 0;
      ymax = 1;
    }
    if (!loss) {
      ymin = Math.min(ymin, 0);
      ymax = Math.max(ymax, 1);
    } else {
      ymin = Math.min(0, ymin);
      ymax = ymax <= ymin ? ymin + 1 : ymax * 1.05;
    }
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.BLACK);
    g.drawString(title, (left + right) / 2 - 20, y0 + 15);
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString("epoch", (left + right) / 2 - 15, bottom + 30);
    for (int i = 0; i <= 4; i++) {
      double v = ymin + (ymax - ymin) * i / 4;
      int y = bottom - (int) ((bottom - top) * i / 4.0);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(left + 1, y, right - 1, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, loss ? "%.3g" : "%.2f", v), x0, y + 4);
      double e = xmin + (xmax - xmin) * i / 4;
      int x = left + (int) ((right - left) * i / 4.0);
      g.drawString(String.format(Locale.ROOT, "%.3g", e), x - 8, bottom + 15);
    }
    for (int s = 0; s < 2; s++) {
      g.setColor(s == 0 ? TRAIN : TEST);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (Point p : pts) {
        double v = loss ? (s == 0 ? p.trainLoss() : p.testLoss()) : (s == 0 ? p.trainAcc() : p.testAcc());
        if (!Double.isFinite(v)) {
          continue;
        }
        int x = left + (int) ((right - left) * (p.epoch() - xmin) / (xmax - xmin));
        int y = bottom - (int) ((bottom - top) * (v - ymin) / (ymax - ymin));
        g.fillOval(x - 3, y - 3, 6, 6);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.drawString(s == 0 ? "train" : "test", right - 50, top + 15 + 15 * s);
    }
  }
}
