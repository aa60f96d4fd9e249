package org.neurospark.spark.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.neurospark.spark.ingest.FileWork;
import org.neurospark.spark.ingest.RecordingOpener;
import org.neurospark.spark.ingest.SampleLister;
import org.neurospark.spark.ingest.SampleSpec;

/**
 * A batch scan of the samples of one dataset folder: lists them on the driver with the ingest job's
 * {@link SampleLister} (names and sizes only, no recording is opened), keeps those the pushed filters accept, and
 * plans {@link RecordingPartition}s of {@link SourceOptions#samplesPerPartition()} samples each, in catalog order.
 */
final class RecordingsScan implements Scan, Batch {
  private final SourceOptions options;
  private final StructType readSchema;
  private final List<Filter> filters;
  private InputPartition[] partitions;
  private int listed;

  RecordingsScan(SourceOptions options, StructType readSchema, List<Filter> filters) {
    this.options = options;
    this.readSchema = readSchema;
    this.filters = List.copyOf(filters);
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "NeurosparkScan catalog=" + options.catalog() + " path=" + options.path() + " mode=" + options.mode()
        + " pushedFilters=" + filters;
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return ColumnarSupportMode.SUPPORTED;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return SourceMetrics.all();
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions == null) {
      List<FileWork> files;
      try {
        files = SampleLister.list(options.catalog(), RecordingOpener.localPath(options.path()));
      } catch (IOException e) {
        throw new UncheckedIOException("neurospark source: cannot list " + options.path() + " as catalog "
            + options.catalog() + ": " + e.getMessage(), e);
      }
      List<SampleSpec> kept = new ArrayList<>();
      listed = 0;
      for (FileWork f : files) {
        for (SampleSpec s : f.samples()) {
          listed++;
          if (SampleFilters.accepts(filters, s)) {
            kept.add(s);
          }
        }
      }
      int per = options.samplesPerPartition();
      List<InputPartition> out = new ArrayList<>((kept.size() + per - 1) / per);
      for (int i = 0; i < kept.size(); i += per) {
        out.add(new RecordingPartition(kept.subList(i, Math.min(kept.size(), i + per))));
      }
      partitions = out.toArray(new InputPartition[0]);
    }
    return partitions.clone();
  }

  /** Samples the catalog listed before filtering (valid after {@link #planInputPartitions()}). */
  synchronized int samplesListed() {
    return listed;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new RecordingReaderFactory(options, readSchema);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordingsScan s && options.equals(s.options) && readSchema.equals(s.readSchema)
        && filters.equals(s.filters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(options, readSchema, filters);
  }
}
