package org.neurospark.events.simulate;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.neurospark.events.dataset.Split;

/**
 * What {@link NmnistSimulator#run} simulates and where it writes.
 *
 * @param imagesDir folder holding the IDX files ({@code train-images-idx3-ubyte[.gz]}, {@code
 *     train-labels-idx1-ubyte[.gz]}, {@code t10k-…}), as MNIST and Fashion-MNIST ship them
 * @param outDir output root; recordings go to {@code outDir/Train/<label>/<id>.bin} and {@code outDir/Test/...}
 * @param limit simulate only the first {@code limit} images of each split; −1 = all
 * @param seed global seed; sample {@code i} of a split uses {@link NmnistSimulator#sampleSeed(long, Split, int)}, so
 *     any subset is reproducible on its own
 * @param threads worker threads (≥ 1); the output does not depend on it
 * @param splits the splits to simulate (TRAIN and/or TEST); the nmnist catalog expects both
 * @param params the DVS pixel model
 * @param sensorWidth sensor width, pixels (N-MNIST: 34)
 * @param sensorHeight sensor height, pixels (N-MNIST: 34)
 */
public record SimulationOptions(Path imagesDir, Path outDir, int limit, long seed, int threads, Set<Split> splits,
    DvsParameters params, int sensorWidth, int sensorHeight) {

  /** Default global seed. */
  public static final long DEFAULT_SEED = 0;

  public SimulationOptions {
    Objects.requireNonNull(imagesDir, "imagesDir");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(params, "params");
    if (limit < -1) {
      throw new IllegalArgumentException("limit must be >= 0, or -1 for all (got " + limit + ")");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
    }
    if (splits.isEmpty() || splits.contains(Split.NONE)) {
      throw new IllegalArgumentException("splits must be a non-empty subset of {TRAIN, TEST}, got " + splits);
    }
    splits = Set.copyOf(EnumSet.copyOf(splits));
  }

  /** Both splits, every image, seed 0, one thread, {@link DvsParameters#NMNIST} on a 34 × 34 sensor. */
  public static SimulationOptions of(Path imagesDir, Path outDir) {
    return new SimulationOptions(imagesDir, outDir, -1, DEFAULT_SEED, 1, EnumSet.of(Split.TRAIN, Split.TEST),
        DvsParameters.NMNIST, 34, 34);
  }

  public SimulationOptions withLimit(int n) {
    return new SimulationOptions(imagesDir, outDir, n, seed, threads, splits, params, sensorWidth, sensorHeight);
  }

  public SimulationOptions withSeed(long s) {
    return new SimulationOptions(imagesDir, outDir, limit, s, threads, splits, params, sensorWidth, sensorHeight);
  }

  public SimulationOptions withThreads(int n) {
    return new SimulationOptions(imagesDir, outDir, limit, seed, n, splits, params, sensorWidth, sensorHeight);
  }

  public SimulationOptions withSplits(Set<Split> s) {
    return new SimulationOptions(imagesDir, outDir, limit, seed, threads, s, params, sensorWidth, sensorHeight);
  }

  public SimulationOptions withParams(DvsParameters p) {
    return new SimulationOptions(imagesDir, outDir, limit, seed, threads, splits, p, sensorWidth, sensorHeight);
  }
}
