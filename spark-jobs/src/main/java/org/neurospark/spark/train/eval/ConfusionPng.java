package org.neurospark.spark.train.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A confusion matrix as a PNG: one cell per (true class row, predicted class column), shaded by the fraction of the
 * row's samples (white 0 → dark blue 1), with the count written in each cell and the accuracy in the title.
 */
public final class ConfusionPng {
  private ConfusionPng() {}

  /** PNG bytes of {@code confusion[true][predicted]}. */
  public static byte[] render(long[][] confusion, double accuracy) throws IOException {
    int k = confusion.length;
    int cell = Math.max(24, Math.min(56, 640 / Math.max(1, k)));
    int left = 70;
    int top = 60;
    int w = left + k * cell + 20;
    int h = top + k * cell + 50;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(String.format(Locale.ROOT, "confusion matrix (accuracy %.4f)", accuracy), left, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("predicted →", left, top - 22);
      g.drawString("true ↓", 8, top - 8);
      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i < k; i++) {
        long row = 0;
        for (long v : confusion[i]) {
          row += v;
        }
        g.setColor(Color.BLACK);
        g.drawString(Integer.toString(i), left - 20, top + i * cell + cell / 2 + 4);
        g.drawString(Integer.toString(i), left + i * cell + cell / 2 - 3, top - 6);
        for (int j = 0; j < k; j++) {
          double f = row == 0 ? 0 : (double) confusion[i][j] / row;
          int shade = (int) Math.round(255 * (1 - f));
          g.setColor(new Color(shade, shade, 128 + shade / 2));
          g.fillRect(left + j * cell, top + i * cell, cell, cell);
          g.setColor(Color.LIGHT_GRAY);
          g.drawRect(left + j * cell, top + i * cell, cell, cell);
          g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
          String s = Long.toString(confusion[i][j]);
          g.drawString(s, left + j * cell + (cell - fm.stringWidth(s)) / 2, top + i * cell + cell / 2 + 4);
        }
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
