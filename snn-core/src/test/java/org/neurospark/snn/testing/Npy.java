package org.neurospark.snn.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurospark.snn.tensor.Tensor;

/** Minimal reader of little-endian C-order .npy files (f4, f8, i8) for golden-tensor tests. */
public final class Npy {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Loads the array as a float32 tensor (f8 and i8 are converted). */
  public static Tensor load(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N') {
      throw new IOException(file + ": not an .npy file");
    }
    int major = b[6];
    int hl = major == 1 ? (b[8] & 0xff) | (b[9] & 0xff) << 8 : ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN)
        .getInt();
    int start = major == 1 ? 10 : 12;
    String header = new String(b, start, hl, StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) {
      throw new IOException(file + ": Fortran order not supported");
    }
    Matcher d = DESCR.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !s.find()) {
      throw new IOException(file + ": bad header " + header);
    }
    String[] dims = s.group(1).split(",");
    int n = 0;
    int[] shape = new int[dims.length];
    for (String dim : dims) {
      if (!dim.isBlank()) {
        shape[n++] = Integer.parseInt(dim.trim());
      }
    }
    shape = java.util.Arrays.copyOf(shape, n);
    int count = 1;
    for (int x : shape) {
      count *= x;
    }
    ByteBuffer buf = ByteBuffer.wrap(b, start + hl, b.length - start - hl).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    String descr = d.group(1);
    for (int i = 0; i < count; i++) {
      out[i] = switch (descr) {
        case "<f4" -> buf.getFloat();
        case "<f8" -> (float) buf.getDouble();
        case "<i8" -> buf.getLong();
        default -> throw new IOException(file + ": unsupported dtype " + descr);
      };
    }
    return Tensor.fromArray(out, shape);
  }

  /** The shared SpikingJelly golden-tensor directory (walks up from the working directory to shared/). */
  public static Path goldenDir() {
    String prop = System.getProperty("neurospark.shared", System.getenv("NEUROSPARK_SHARED"));
    if (prop != null) {
      return Path.of(prop, "reference", "spikingjelly");
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("reference").resolve("spikingjelly");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    throw new IllegalStateException("shared/reference/spikingjelly not found above " + Path.of("").toAbsolutePath()
        + "; set -Dneurospark.shared");
  }
}
