package org.neurospark.snn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurospark.snn.io.DataFileException;
import org.neurospark.snn.tensor.Tensor;

/**
 * An image classification split held as unsigned bytes (MNIST / Fashion-MNIST: 28×28 grey, 10 classes), loaded
 * from a pair of IDX files. Images are {@code [N, C, H, W]} with C = 1 for IDX3 files; pixels map to [0, 1] as
 * {@code v / 255} (torchvision's {@code ToTensor}). As a {@link BatchSource}: sample {@code [C, H, W]}, batch
 * {@code [N, C, H, W]}.
 */
public final class ImageDataset implements BatchSource {
  private final byte[] pixels;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final int numClasses;

  public ImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, int numClasses) {
    if ((long) labels.length * channels * height * width != pixels.length) {
      throw new IllegalArgumentException(labels.length + " labels do not match " + pixels.length + " pixel bytes of "
          + channels + "x" + height + "x" + width + " images");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " of item " + i + " outside [0, " + numClasses
            + ")");
      }
    }
    this.pixels = pixels;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.numClasses = numClasses;
  }

  /**
   * Loads {@code train-images-idx3-ubyte[.gz]} + {@code train-labels-idx1-ubyte[.gz]} (or the {@code t10k-} pair
   * when {@code train} is false) from {@code dir}; 10 classes.
   */
  public static ImageDataset loadIdx(Path dir, boolean train) throws IOException {
    String split = train ? "train" : "t10k";
    Path img = find(dir, split + "-images-idx3-ubyte");
    Path lab = find(dir, split + "-labels-idx1-ubyte");
    return loadIdx(img, lab, 10);
  }

  /** Loads an image file (IDX3 uint8 [N, H, W] or IDX4 [N, C, H, W]) and a label file (IDX1 uint8 [N]). */
  public static ImageDataset loadIdx(Path images, Path labelsFile, int numClasses) throws IOException {
    byte[] px;
    int c;
    int h;
    int w;
    int n;
    try (IdxReader r = new IdxReader(images)) {
      int[] d = r.dims();
      if (r.type() != 0x08 || (d.length != 3 && d.length != 4)) {
        throw new DataFileException(images, 2, "expected unsigned-byte images [N, H, W] or [N, C, H, W], got type "
            + String.format("0x%02x", r.type()) + " dims " + Arrays.toString(d));
      }
      n = d[0];
      c = d.length == 4 ? d[1] : 1;
      h = d[d.length - 2];
      w = d[d.length - 1];
      px = r.readAll();
      r.requireEnd();
    }
    int[] lab;
    try (IdxReader r = new IdxReader(labelsFile)) {
      int[] d = r.dims();
      if (r.type() != 0x08 || d.length != 1) {
        throw new DataFileException(labelsFile, 2, "expected unsigned-byte labels [N], got type "
            + String.format("0x%02x", r.type()) + " dims " + Arrays.toString(d));
      }
      if (d[0] != n) {
        throw new DataFileException(labelsFile, 4, d[0] + " labels but " + images.getFileName() + " holds " + n
            + " images");
      }
      byte[] b = r.readAll();
      r.requireEnd();
      lab = new int[n];
      for (int i = 0; i < n; i++) {
        lab[i] = b[i] & 0xFF;
        if (lab[i] >= numClasses) {
          throw new DataFileException(labelsFile, 8 + i, "label " + lab[i] + " of item " + i + " is outside [0, "
              + numClasses + ")");
        }
      }
    }
    return new ImageDataset(px, lab, c, h, w, numClasses);
  }

  /** {@code dir/name} or {@code dir/name.gz}, whichever exists (plain first). */
  public static Path find(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    if (Files.isRegularFile(p)) {
      return p;
    }
    Path g = dir.resolve(name + ".gz");
    if (Files.isRegularFile(g)) {
      return g;
    }
    throw new java.io.FileNotFoundException(dir + ": neither " + name + " nor " + name + ".gz exists");
  }

  @Override
  public int size() {
    return labels.length;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int[] sampleShape() {
    return new int[] {channels, height, width};
  }

  @Override
  public int[] batchShape(int n) {
    return new int[] {n, channels, height, width};
  }

  /** Label of item i. */
  @Override
  public int label(int i) {
    return labels[i];
  }

  /** Copy of all labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** Raw pixel byte (0..255) of item i at flat index k within the item. */
  public int pixel(int i, int k) {
    return pixels[(int) ((long) i * itemSize() + k)] & 0xFF;
  }

  /** Values per item (C·H·W). */
  public int itemSize() {
    return channels * height * width;
  }

  /** Class histogram. */
  public int[] histogram() {
    int[] h = new int[numClasses];
    for (int l : labels) {
      h[l]++;
    }
    return h;
  }

  /**
   * Fills {@code out} (float32 {@code [B, C, H, W]}, B = indices.length, contiguous) with items
   * {@code indices[from..from+B)} scaled to [0, 1], and {@code labelsOut[0..B)} with their labels.
   */
  @Override
  public void fillBatch(int[] indices, int from, Tensor out, int[] labelsOut) {
    int b = out.size(0);
    int item = itemSize();
    float[] d = out.floatData();
    if (out.numel() != b * item) {
      throw new IllegalArgumentException("batch tensor " + Arrays.toString(out.shape()) + " does not hold " + b
          + " items of " + item + " values");
    }
    for (int j = 0; j < b; j++) {
      int idx = indices[from + j];
      int src = idx * item;
      int dst = j * item;
      for (int k = 0; k < item; k++) {
        d[dst + k] = (pixels[src + k] & 0xFF) / 255f;
      }
      labelsOut[j] = labels[idx];
    }
    out.storage().bumpVersion();
  }
}
