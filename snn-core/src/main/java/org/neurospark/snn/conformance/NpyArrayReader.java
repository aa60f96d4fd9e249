package org.neurospark.snn.conformance;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.events.npy.NpyArray;

/**
 * {@link ArrayReader} for NumPy {@code .npy} golden files, on event-io's NumPy reader (any numeric dtype, either
 * byte order, C or Fortran order; errors name the file and byte offset).
 */
public final class NpyArrayReader implements ArrayReader {
  @Override
  public NdArray read(Path file) throws IOException {
    NpyArray a = NpyArray.read(file);
    long[] s = a.shape();
    int[] shape = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      if (s[i] > Integer.MAX_VALUE) {
        throw new IOException(file + ": dimension " + i + " too large: " + s[i]);
      }
      shape[i] = (int) s[i];
    }
    return new NdArray(shape, a.toDoubles());
  }
}
