package org.neurospark.events.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32 C-order golden tensors under shared/reference (test-only, minimal). */
public final class GoldenNpy {
  public final int[] shape;
  public final float[] data;

  private GoldenNpy(int[] shape, float[] data) {
    this.shape = shape;
    this.data = data;
  }

  public static GoldenNpy readFloat32(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int major = b[6];
    int headerLen = major == 1 ? bb.getShort(8) & 0xFFFF : bb.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
      throw new IOException(file + ": expected C-order <f4, header " + header);
    }
    Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
    if (!m.find()) {
      throw new IOException(file + ": no shape in header " + header);
    }
    String[] parts = m.group(1).split(",");
    int count = 0;
    int[] shape = new int[parts.length];
    for (String p : parts) {
      if (!p.isBlank()) {
        shape[count++] = Integer.parseInt(p.trim());
      }
    }
    shape = java.util.Arrays.copyOf(shape, count);
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] data = new float[(int) n];
    bb.position(start + headerLen);
    bb.asFloatBuffer().get(data);
    return new GoldenNpy(shape, data);
  }
}
