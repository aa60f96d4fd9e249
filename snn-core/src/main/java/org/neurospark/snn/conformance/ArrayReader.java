package org.neurospark.snn.conformance;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one golden array file (NumPy {@code .npy}) into an {@link NdArray}. */
@FunctionalInterface
public interface ArrayReader {
  NdArray read(Path file) throws IOException;
}
