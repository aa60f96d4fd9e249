package org.neurospark.spark.source;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The recordings of one dataset folder as a batch-readable table of events. */
final class RecordingsTable implements SupportsRead {
  private final SourceOptions options;

  RecordingsTable(SourceOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return NeurosparkDataSource.SHORT_NAME + "[" + options.catalog() + "](" + options.path() + ")";
  }

  @Override
  public StructType schema() {
    return EventColumns.SCHEMA;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    return new RecordingsScanBuilder(options);
  }
}
