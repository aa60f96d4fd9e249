package org.neurospark.events.simulate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.neurospark.events.EventBatch;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.format.atis.AtisBinWriter;

/**
 * Turns an MNIST / Fashion-MNIST IDX folder into an N-MNIST-like event dataset: each image seen by a simulated
 * 34 × 34 DVS ({@link DvsSimulator}, {@link DvsParameters#NMNIST}) during N-MNIST's three saccades
 * ({@link SaccadePath#nmnist}), written as ATIS {@code .bin} files in N-MNIST's layout
 * {@code outDir/Train/<label>/<id>.bin} and {@code outDir/Test/<label>/<id>.bin}, where {@code id} is the image's
 * 1-based position in its IDX file, zero-padded to 5 digits (N-MNIST's own names: {@code Test/7/00001.bin} is the
 * first MNIST test image). The {@code nmnist} catalog of {@code org.neurospark.events.dataset} reads the result.
 *
 * <p>Deterministic: the output bytes depend only on the images, the options' seed, parameters and sensor size — not
 * on the thread count, the limit or which other samples are simulated (each sample's seed is
 * {@link #sampleSeed}). Every file is written under a temporary name in its folder and renamed into place, so a
 * reader never sees a partial file; an existing file of the same name is replaced.
 *
 * <p>Labels become the class folder names. The {@code nmnist} catalog expects the folders 0..9, each holding at least
 * one file, in both {@code Train/} and {@code Test/}: with a small {@link SimulationOptions#limit()} some classes may
 * be missing from the first images of a split ({@link SimulationSummary#perLabel()} tells; all ten classes appear
 * within the first 24 images of Fashion-MNIST's splits and the first 62 of MNIST's test split).
 *
 * <p>The run uses its own worker threads ({@link SimulationOptions#threads()}), all stopped before it returns.
 */
public final class NmnistSimulator {
  private static final long SENSOR_SALT = 0x41544953L; // "ATIS"
  private static final long SAMPLE_SALT = 0x6E6D6E697374L; // "nmnist"
  private static final long PID = ProcessHandle.current().pid();

  private NmnistSimulator() {}

  /** The folder name N-MNIST uses for a split. */
  public static String splitFolder(Split split) {
    return switch (split) {
      case TRAIN -> "Train";
      case TEST -> "Test";
      default -> throw new IllegalArgumentException("no N-MNIST folder for " + split);
    };
  }

  /** The seed of sample {@code index} (0-based position in its split's IDX file) under global seed {@code seed}. */
  public static long sampleSeed(long seed, Split split, int index) {
    return SplitMix64.mix(SplitMix64.mix(seed ^ SAMPLE_SALT) + ((long) split.ordinal() << 32) + index);
  }

  /**
   * The simulated sensor that {@link #run} uses for images of {@code rows × cols} under {@code options} (its fixed
   * pattern comes from the global seed).
   */
  public static DvsSimulator sensor(SimulationOptions options, int rows, int cols) {
    return new DvsSimulator(options.sensorWidth(), options.sensorHeight(), options.params(),
        SaccadePath.nmnist(options.sensorWidth(), options.sensorHeight(), cols, rows),
        SplitMix64.mix(options.seed() ^ SENSOR_SALT));
  }

  /** The file name of image {@code index} (0-based) in a split of {@code count} images: 1-based, zero-padded. */
  public static String fileName(int index, int count) {
    int digits = Math.max(5, Integer.toString(count).length());
    return String.format("%0" + digits + "d.bin", index + 1);
  }

  private record Job(Split split, IdxImages images, int[] labels, int index, Path file) {}

  /**
   * Simulates the first {@link SimulationOptions#limit()} images of each requested split and writes them.
   *
   * @param progress told about every file written (from worker threads)
   * @return counts, sizes and time of the run
   * @throws IOException when an IDX file is missing or malformed (naming the file and offset), or a write fails
   */
  public static SimulationSummary run(SimulationOptions options, SimulationProgress progress) throws IOException {
    long start = System.nanoTime();
    List<Job> jobs = new ArrayList<>();
    Map<Split, Integer> samples = new EnumMap<>(Split.class);
    Map<Split, long[]> perLabel = new EnumMap<>(Split.class);
    int rows = -1;
    int cols = -1;
    for (Split split : new Split[] {Split.TRAIN, Split.TEST}) {
      if (!options.splits().contains(split)) {
        continue;
      }
      Path[] files = IdxFiles.locate(options.imagesDir(), split);
      IdxImages images = IdxFiles.readImages(files[0], options.limit());
      int[] labels = IdxFiles.readLabels(files[1], options.limit());
      int declared = IdxFiles.declaredCount(files[0]);
      if (labels.length != images.count() || IdxFiles.declaredCount(files[1]) != declared) {
        throw new IOException(files[1] + ": " + IdxFiles.declaredCount(files[1]) + " labels for " + declared
            + " images in " + files[0]);
      }
      if (rows < 0) {
        rows = images.rows();
        cols = images.cols();
      } else if (rows != images.rows() || cols != images.cols()) {
        throw new IOException(files[0] + ": images are " + images.rows() + " × " + images.cols()
            + ", the other split's are " + rows + " × " + cols);
      }
      int n = images.count();
      Path dir = options.outDir().resolve(splitFolder(split));
      long[] counts = new long[256];
      for (int i = 0; i < n; i++) {
        int label = labels[i];
        if (counts[label]++ == 0) {
          Files.createDirectories(dir.resolve(Integer.toString(label)));
        }
        jobs.add(new Job(split, images, labels, i,
            dir.resolve(Integer.toString(label)).resolve(fileName(i, declared))));
      }
      int maxLabel = 0;
      for (int l = 0; l < 256; l++) {
        if (counts[l] > 0) {
          maxLabel = l;
        }
      }
      samples.put(split, n);
      perLabel.put(split, java.util.Arrays.copyOf(counts, n == 0 ? 0 : maxLabel + 1));
    }
    Files.createDirectories(options.outDir());

    final int imgRows = rows;
    final int imgCols = cols;
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong on = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLongArray minMax = new AtomicLongArray(new long[] {Long.MAX_VALUE, 0});
    long total = jobs.size();
    int threads = (int) Math.max(1, Math.min(options.threads(), total));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "nmnist-simulator");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        futures.add(pool.submit(() -> {
          DvsSimulator sim = sensor(options, imgRows, imgCols);
          EventBatch batch = new EventBatch(8192);
          for (int j = next.getAndIncrement(); j < jobs.size(); j = next.getAndIncrement()) {
            if (Thread.currentThread().isInterrupted()) {
              return null;
            }
            Job job = jobs.get(j);
            sim.simulate(job.images().pixels(), job.images().offset(job.index()), imgRows, imgCols,
                sampleSeed(options.seed(), job.split(), job.index()), batch);
            int n = batch.size();
            byte[] data = AtisBinWriter.encode(batch.t(), batch.x(), batch.y(), batch.p(), n);
            writeAtomically(job.file(), data);
            long ons = 0;
            byte[] p = batch.p();
            for (int k = 0; k < n; k++) {
              ons += p[k];
            }
            events.addAndGet(n);
            on.addAndGet(ons);
            bytes.addAndGet(data.length);
            minMax.accumulateAndGet(0, n, Math::min);
            minMax.accumulateAndGet(1, n, Math::max);
            progress.written(job.split(), job.index(), job.labels()[job.index()], n, done.incrementAndGet(), total);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new IOException(c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long min = total == 0 ? 0 : minMax.get(0);
    return new SimulationSummary(options.outDir(), samples, perLabel, events.get(), min, minMax.get(1), on.get(),
        bytes.get(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * Writes {@code data} to a temporary file next to {@code file} ({@code .<name>.<pid>-<thread>.tmp}: unique per
   * writer, never matching {@code *.bin}) and renames it over {@code file}.
   */
  static void writeAtomically(Path file, byte[] data) throws IOException {
    Path dir = file.getParent();
    Path tmp = dir.resolve("." + file.getFileName() + "." + PID + "-" + Thread.currentThread().getId() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(file + ": the file system cannot rename atomically within " + dir, e);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }
}
