package org.neurospark.snn.conformance;

import java.io.IOException;
import java.nio.file.Path;
import org.neurospark.snn.io.NpyFile;

/**
 * {@link ArrayReader} for NumPy {@code .npy} golden files, on snn-core's {@link NpyFile} (numeric dtypes of either
 * byte order, C or Fortran order; errors name the file and byte offset).
 */
public final class NpyArrayReader implements ArrayReader {
  @Override
  public NdArray read(Path file) throws IOException {
    NpyFile a = NpyFile.read(file);
    return new NdArray(a.shape(), a.values());
  }
}
