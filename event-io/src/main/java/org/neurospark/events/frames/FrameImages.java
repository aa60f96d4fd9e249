package org.neurospark.events.frames;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/**
 * Renders one {@code [2, H, W]} count frame as a picture a person can read: black background, OFF events in
 * orange-red, ON events in sky blue, both mixing towards white. Each channel is quantised to 16 levels with a
 * square-root scale relative to the frame's largest count (so a pixel hit once stays visible next to a busy one),
 * into an 8-bit indexed image that PNG and GIF store losslessly. Small sensors are upscaled by pixel replication.
 */
public final class FrameImages {
  /** Colour of a saturated OFF pixel (RGB). */
  public static final int[] OFF_RGB = {255, 80, 0};
  /** Colour of a saturated ON pixel (RGB). */
  public static final int[] ON_RGB = {0, 160, 255};
  /** Palette levels per channel. */
  static final int LEVELS = 16;
  /** Level of the faintest non-empty pixel. */
  static final int MIN_LEVEL = 4;

  private static final IndexColorModel PALETTE = palette();

  private FrameImages() {}

  /** The 256-entry palette: index {@code off·16 + on}. */
  public static IndexColorModel palette() {
    if (PALETTE != null) {
      return PALETTE;
    }
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int off = 0; off < LEVELS; off++) {
      for (int on = 0; on < LEVELS; on++) {
        int i = off * LEVELS + on;
        double a = off / (LEVELS - 1.0);
        double c = on / (LEVELS - 1.0);
        r[i] = (byte) Math.min(255, Math.round(a * OFF_RGB[0] + c * ON_RGB[0]));
        g[i] = (byte) Math.min(255, Math.round(a * OFF_RGB[1] + c * ON_RGB[1]));
        b[i] = (byte) Math.min(255, Math.round(a * OFF_RGB[2] + c * ON_RGB[2]));
      }
    }
    return new IndexColorModel(8, 256, r, g, b);
  }

  /**
   * Default upscaling: the largest integer factor ≤ 8 that keeps the longer side ≤ 512 px (34 × 34 → ×8,
   * 128 × 128 → ×4, 1280 × 720 → ×1).
   */
  public static int defaultScale(int height, int width) {
    return Math.max(1, Math.min(8, 512 / Math.max(height, width)));
  }

  /**
   * Renders frame {@code data[offset .. offset + 2·H·W)} (layout {@code [c, y, x]}, channel 0 = OFF) at
   * {@code scale} screen pixels per sensor pixel; row 0 at the top.
   */
  public static BufferedImage render(float[] data, int offset, int height, int width, int scale) {
    int hw = height * width;
    float max = 0;
    for (int i = 0; i < 2 * hw; i++) {
      max = Math.max(max, data[offset + i]);
    }
    BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_INDEXED,
        palette());
    WritableRaster ras = img.getRaster();
    byte[] row = new byte[width * scale];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int off = level(data[offset + y * width + x], max);
        int on = level(data[offset + hw + y * width + x], max);
        byte idx = (byte) (off * LEVELS + on);
        for (int s = 0; s < scale; s++) {
          row[x * scale + s] = idx;
        }
      }
      for (int s = 0; s < scale; s++) {
        ras.setDataElements(0, y * scale + s, width * scale, 1, row);
      }
    }
    return img;
  }

  static int level(float v, float max) {
    if (!(v > 0) || !(max > 0)) {
      return 0;
    }
    int l = (int) Math.round((LEVELS - 1) * Math.sqrt(v / max));
    return Math.max(MIN_LEVEL, Math.min(LEVELS - 1, l));
  }
}
