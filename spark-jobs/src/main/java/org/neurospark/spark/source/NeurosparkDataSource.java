package org.neurospark.spark.source;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code neurospark} data source: {@code spark.read().format("neurospark").option("catalog", NAME).load(PATH)}
 * yields the events of the recordings a dataset catalog lists under {@code PATH}, read directly from the files (no
 * ingest). Schema: {@link EventColumns#SCHEMA}; options: {@link SourceOptions}. Registered under its short name
 * through {@code META-INF/services/org.apache.spark.sql.sources.DataSourceRegister}; the class name works as the
 * format too. A user-given schema is refused (the schema is fixed).
 */
public final class NeurosparkDataSource implements TableProvider, DataSourceRegister {
  /** The short name for {@code format(...)}. */
  public static final String SHORT_NAME = "neurospark";

  public NeurosparkDataSource() {}

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  /** The fixed schema; also checks the options, so a bad option fails at {@code load()}. */
  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    SourceOptions.parse(options);
    return EventColumns.SCHEMA;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new RecordingsTable(SourceOptions.parse(new CaseInsensitiveStringMap(properties)));
  }
}
