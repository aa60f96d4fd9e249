package org.neurospark.spark.source;

import java.io.Serializable;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.spark.ingest.IngestCatalogs;

/**
 * The options of the {@code neurospark} source ({@code spark.read().format("neurospark").option(k, v)}), parsed and
 * checked; option names are case-insensitive.
 *
 * @param path the dataset folder ({@code load(path)}): a local path or {@code file:} URI that every executor sees
 * @param catalog canonical catalog name: {@code nmnist}, {@code ncaltech101}, {@code dvsgesture},
 *     {@code cifar10dvs}, {@code ncars}, {@code asldvs} or {@code folder} (option {@code catalog}, required)
 * @param mode what a recording that fails to decode does (option {@code mode}, default {@code FAILFAST})
 * @param batchEvents events per columnar batch (option {@code batchEvents}, default
 *     {@value org.neurospark.events.EventBatch#DEFAULT_CAPACITY})
 * @param bufferEvents in {@code DROPMALFORMED} mode, samples of up to this many events are decoded once into memory
 *     before their rows are returned; a larger sample is decoded twice (validated to its end, then streamed), so a
 *     bad recording never contributes rows (option {@code bufferEvents}, default 1 Mi events ≈ 17 MB)
 * @param samplesPerPartition samples read by one input partition (option {@code samplesPerPartition}, default 1:
 *     one partition per recording or per DVS128 Gesture segment; larger values cut the task count for datasets of
 *     many small recordings)
 */
public record SourceOptions(String path, String catalog, ReadMode mode, int batchEvents, int bufferEvents,
    int samplesPerPartition) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default of {@code bufferEvents}. */
  public static final int DEFAULT_BUFFER_EVENTS = 1 << 20;

  public SourceOptions {
    if (batchEvents <= 0 || bufferEvents <= 0 || samplesPerPartition <= 0) {
      throw new IllegalArgumentException("neurospark source: batchEvents, bufferEvents and samplesPerPartition must"
          + " be positive (got " + batchEvents + ", " + bufferEvents + ", " + samplesPerPartition + ")");
    }
  }

  /**
   * Parses the options Spark hands the source. {@code options} must be case-insensitive (Spark's
   * {@code CaseInsensitiveStringMap}) or use lowercase keys.
   *
   * @throws IllegalArgumentException naming the option when one is missing or invalid
   */
  public static SourceOptions parse(Map<String, String> options) {
    String path = get(options, "path");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("neurospark source: no path; use load(\"/path/to/dataset\")");
    }
    String catalog = get(options, "catalog");
    if (catalog == null || catalog.isBlank()) {
      throw new IllegalArgumentException("neurospark source: option 'catalog' is required (one of "
          + String.join(", ", IngestCatalogs.names()) + ")");
    }
    String mode = get(options, "mode");
    return new SourceOptions(path, IngestCatalogs.canonical(catalog.trim()),
        mode == null ? ReadMode.FAILFAST : ReadMode.parse(mode),
        positive(options, "batchEvents", EventBatch.DEFAULT_CAPACITY),
        positive(options, "bufferEvents", DEFAULT_BUFFER_EVENTS),
        positive(options, "samplesPerPartition", 1));
  }

  private static String get(Map<String, String> options, String key) {
    String v = options.get(key);
    return v != null ? v : options.get(key.toLowerCase(java.util.Locale.ROOT));
  }

  private static int positive(Map<String, String> options, String key, int fallback) {
    String v = get(options, key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("neurospark source: option '" + key + "' must be a positive integer, not '"
        + v + "'");
  }
}
