package org.neurospark.spark.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * Takes the filters on sample columns (they prune samples on the driver; Spark does not re-evaluate them) and the
 * columns the query needs (only those are filled).
 */
final class RecordingsScanBuilder implements SupportsPushDownFilters, SupportsPushDownRequiredColumns {
  private final SourceOptions options;
  private Filter[] pushed = new Filter[0];
  private StructType required = EventColumns.SCHEMA;

  RecordingsScanBuilder(SourceOptions options) {
    this.options = options;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    List<Filter> taken = new ArrayList<>();
    List<Filter> rest = new ArrayList<>();
    for (Filter f : filters) {
      (SampleFilters.supported(f) ? taken : rest).add(f);
    }
    pushed = taken.toArray(new Filter[0]);
    return rest.toArray(new Filter[0]);
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed.clone();
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    required = requiredSchema;
  }

  @Override
  public Scan build() {
    return new RecordingsScan(options, required, List.of(pushed));
  }
}
