package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AnimatedGifWriter}: the GIF read back shows every frame in the colours it was drawn in. */
class AnimatedGifWriterTest {
  @Test
  void framesRoundTripPixelForPixel(@TempDir Path dir) throws Exception {
    int h = 6;
    int w = 9;
    // FrameImages' indexed frames (its own 256-colour palette) and an RGB image with a few colours
    float[] a = new float[2 * h * w];
    float[] b = new float[2 * h * w];
    for (int i = 0; i < h * w; i++) {
      a[i] = i % 5;
      a[h * w + i] = (i * 7) % 4;
      b[i] = (i * 3) % 7;
      b[h * w + i] = i % 2;
    }
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] colours = {0x101018, 0x1e90ff, 0xff4500};
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb.setRGB(x, y, colours[(x + y) % colours.length]);
      }
    }
    BufferedImage[] frames = {FrameImages.render(a, 0, h, w, 1), FrameImages.render(b, 0, h, w, 1), rgb};
    Path gif = dir.resolve("frames.gif");
    try (AnimatedGifWriter writer = new AnimatedGifWriter(gif, 100)) {
      for (BufferedImage f : frames) {
        writer.append(f);
      }
      assertEquals(3, writer.frames());
    }
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertEquals(frames.length, reader.getNumImages(true));
      for (int i = 0; i < frames.length; i++) {
        BufferedImage back = reader.read(i);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            assertEquals(frames[i].getRGB(x, y) & 0xffffff, back.getRGB(x, y) & 0xffffff,
                "frame " + i + " pixel (" + x + ", " + y + ")");
          }
        }
      }
    } finally {
      reader.dispose();
    }
  }
}
