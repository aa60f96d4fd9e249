package org.neurospark.snn.events;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.SampleEvents;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.dataset.TrainTestSplit;
import org.neurospark.events.frames.FrameIntegrator;
import org.neurospark.events.frames.Frames;
import org.neurospark.events.transform.SensorSize;

/**
 * Loads an event dataset (a folder laid out as one of event-io's {@link DatasetCatalog}s) as SpikingJelly frames for
 * training: every sample is read with the catalog's conventions and integrated into {@code [T, 2, H, W]} frames
 * ({@link FrameSpec}), the train and test splits become {@link SparseFrameDataset}s. A sample that fails (truncated
 * or corrupt file, event outside the sensor, more events than the bound) is recorded as a {@link SampleError} and
 * left out; the others still load. Decoding runs on a pool of {@link Options#threads} threads that lives for the
 * call only.
 */
public final class EventFrameLoader {
  private EventFrameLoader() {}

  /**
   * @param frames how samples become frames
   * @param trainLimit at most this many training samples, taken class by class in turn (the i-th sample of every
   *     class before the (i+1)-th of any) so a limited set stays balanced; -1 for all, 0 for none (the split is
   *     not read)
   * @param testLimit the same for the test split
   * @param trainRatio for catalogs without an official split: the share of each class that trains (0..1),
   *     shuffled with {@code splitSeed}; null to use the official split
   * @param splitSeed seed of that shuffle
   * @param threads decoding threads (1..256)
   * @param maxSampleEvents a sample holding more events fails (recorded) instead of exhausting the heap
   */
  public record Options(FrameSpec frames, int trainLimit, int testLimit, Double trainRatio, long splitSeed, int threads,
      long maxSampleEvents) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default bound on events per sample. */
    public static final long DEFAULT_MAX_SAMPLE_EVENTS = 50_000_000L;

    public Options {
      if (frames == null) {
        throw new IllegalArgumentException("frames is required");
      }
      if (trainLimit < -1 || testLimit < -1 || trainLimit == 0 && testLimit == 0) {
        throw new IllegalArgumentException("sample limits must be -1 (all), 0 (none) or positive, not both 0: "
            + trainLimit + ", " + testLimit);
      }
      if (trainRatio != null && !(trainRatio > 0 && trainRatio < 1)) {
        throw new IllegalArgumentException("trainRatio must be in (0, 1): " + trainRatio);
      }
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be in 1..256: " + threads);
      }
      if (maxSampleEvents < 1 || maxSampleEvents > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("maxSampleEvents must be in 1.." + (Integer.MAX_VALUE - 16) + ": "
            + maxSampleEvents);
      }
    }

    /** All samples, the official split, one thread. */
    public static Options of(FrameSpec frames) {
      return new Options(frames, -1, -1, null, 0, 1, DEFAULT_MAX_SAMPLE_EVENTS);
    }

    public Options withLimits(int train, int test) {
      return new Options(frames, train, test, trainRatio, splitSeed, threads, maxSampleEvents);
    }

    public Options withTrainRatio(Double r, long seed) {
      return new Options(frames, trainLimit, testLimit, r, seed, threads, maxSampleEvents);
    }

    public Options withThreads(int n) {
      return new Options(frames, trainLimit, testLimit, trainRatio, splitSeed, n, maxSampleEvents);
    }

    public Options withMaxSampleEvents(long n) {
      return new Options(frames, trainLimit, testLimit, trainRatio, splitSeed, threads, n);
    }
  }

  /**
   * What {@link #load} produced.
   *
   * @param train the training split (empty when the catalog has none)
   * @param test the test split
   * @param errors samples left out, in catalog order
   * @param events events integrated, all loaded samples
   * @param seconds wall time of the load
   */
  public record Loaded(SparseFrameDataset train, SparseFrameDataset test, List<SampleError> errors, long events,
      double seconds) {}

  /** Called after each sample (from decoding threads; implementations must be thread-safe). */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> { };

    void sample(long done, long total);
  }

  /**
   * Integrates one sample's events into frames {@code [T, 2, H, W]} on the catalog's sensor, as SpikingJelly does.
   *
   * @throws IOException when the recording cannot be read, an event lies outside the sensor, or the sample holds
   *     more than {@code maxEvents} events
   */
  public static float[] frames(Sample sample, DatasetCatalog catalog, FrameSpec spec, long maxEvents)
      throws IOException {
    SensorSize s = catalog.sensorSize();
    EventBatch all = new EventBatch(1 << 12);
    EventBatch chunk = new EventBatch();
    try (EventReader r = SampleEvents.open(sample, catalog)) {
      while (r.read(chunk)) {
        if ((long) all.size() + chunk.size() > maxEvents) {
          throw new IOException(sample.file() + ": sample '" + sample.name() + "' holds more than " + maxEvents
              + " events (raise the bound to load it)");
        }
        all.addAll(chunk);
      }
    }
    Frames f = new FrameIntegrator(s.height(), s.width()).byFramesNumber(all, spec.splitBy(), spec.timeSteps());
    return f.data().length == f.size() ? f.data() : f.toArray();
  }

  /** Lists the samples of {@code root} with {@code catalog}, splits them and integrates every sample. */
  public static Loaded load(Path root, DatasetCatalog catalog, Options o, Progress progress) throws IOException {
    long start = System.nanoTime();
    List<Sample> samples = catalog.list(root);
    if (o.trainRatio() != null) {
      samples = TrainTestSplit.split(samples, o.trainRatio(), o.splitSeed());
    } else if (!catalog.officialSplit()) {
      throw new IllegalArgumentException("catalog " + catalog.name() + " has no official train/test split: give a"
          + " train ratio");
    }
    List<Sample> train = limit(select(samples, Split.TRAIN), o.trainLimit());
    List<Sample> test = limit(select(samples, Split.TEST), o.testLimit());
    if (train.isEmpty() && test.isEmpty()) {
      throw new IOException(root + ": the " + catalog.name() + " catalog lists no samples");
    }
    int classes = catalog.classNames().size();
    for (Sample s : samples) {
      classes = Math.max(classes, s.label() + 1);
    }
    List<Sample> all = new ArrayList<>(train);
    all.addAll(test);
    float[][] frames = new float[all.size()][];
    SampleError[] errors = new SampleError[all.size()];
    AtomicLong done = new AtomicLong();
    AtomicLong events = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
      Thread th = new Thread(r, "neurospark-event-frames");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        int k = i;
        futures.add(pool.submit(() -> {
          Sample s = all.get(k);
          try {
            float[] f = frames(s, catalog, o.frames(), o.maxSampleEvents());
            double sum = 0;
            for (float v : f) {
              sum += v;
            }
            events.addAndGet(Math.round(sum));
            frames[k] = f;
          } catch (EventFileException e) {
            errors[k] = new SampleError(e.source(), e.offset(), e.getMessage());
          } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            String f = s.file().toString();
            errors[k] = new SampleError(f, -1, m.startsWith(f) ? m : f + " (sample " + s.name() + "): " + m);
          }
          progress.sample(done.incrementAndGet(), all.size());
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading " + root, e);
    } catch (ExecutionException e) {
      throw new IOException("loading " + root + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    SensorSize sensor = catalog.sensorSize();
    int t = o.frames().timeSteps();
    SparseFrameDataset.Builder tr = SparseFrameDataset.builder(t, sensor.height(), sensor.width(), classes);
    SparseFrameDataset.Builder te = SparseFrameDataset.builder(t, sensor.height(), sensor.width(), classes);
    List<SampleError> failed = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (errors[i] != null) {
        failed.add(errors[i]);
      } else {
        (i < train.size() ? tr : te).add(frames[i], all.get(i).label(), all.get(i).name());
        frames[i] = null;
      }
    }
    if (failed.size() == all.size()) {
      throw new IOException(root + ": none of the " + all.size() + " samples could be loaded; first error: "
          + failed.get(0).message());
    }
    return new Loaded(tr.build(), te.build(), List.copyOf(failed), events.get(),
        (System.nanoTime() - start) / 1e9);
  }

  private static List<Sample> select(List<Sample> samples, Split split) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.split() == split) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The first {@code n} samples taking classes in turn (all when n is -1, none when 0), in catalog order within a
   * class.
   */
  static List<Sample> limit(List<Sample> samples, int n) {
    if (n == 0) {
      return List.of();
    }
    if (n < 0 || samples.size() <= n) {
      return samples;
    }
    Map<Integer, List<Sample>> byClass = new LinkedHashMap<>();
    for (Sample s : samples) {
      byClass.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s);
    }
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; out.size() < n; i++) {
      for (List<Sample> c : byClass.values()) {
        if (i < c.size() && out.size() < n) {
          out.add(c.get(i));
        }
      }
    }
    return out;
  }
}
