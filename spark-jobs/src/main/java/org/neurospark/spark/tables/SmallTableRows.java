package org.neurospark.spark.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Some columns of a small unpartitioned Delta table ({@code samples}), read on the driver with parquet-java from the
 * data files {@link DeltaReplay} lists: no Spark job, no query planning (a {@code frames} run spent 1.5-2 s of its
 * planning reading {@code samples} through Spark SQL). Where the replay cannot stand for Delta, or a data file lacks
 * a column or stores it as another type, it returns empty and the caller reads through Spark.
 *
 * <p>Values: a string column gives {@code String}, an int column {@code Integer}, a bigint column {@code Long}; a
 * null is {@code null}. {@link Tables#rows} reads through Spark where this cannot.
 */
public final class SmallTableRows {
  private SmallTableRows() {}

  /** The kind of a requested column. */
  enum Kind {
    STRING, INT, LONG
  }

  /**
   * The rows of the latest version of the table at {@code path} with the columns of {@code columns} (string, int and
   * bigint columns; any other type gives empty), or empty where Spark must read it.
   */
  public static Optional<List<Row>> read(SparkSession spark, String path, StructType columns) {
    List<String> names = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (StructField f : columns.fields()) {
      Kind k = f.dataType() instanceof StringType ? Kind.STRING : f.dataType() instanceof IntegerType ? Kind.INT
          : f.dataType() instanceof LongType ? Kind.LONG : null;
      if (k == null) {
        return Optional.empty();
      }
      names.add(f.name());
      kinds.add(k);
    }
    return read(spark, path, names, kinds).map(rows -> {
      List<Row> out = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        out.add(RowFactory.create(r));
      }
      return out;
    });
  }

  /**
   * The rows of the latest version of the table at {@code path}, each an array of the {@code columns}' values in
   * that order, or empty where Spark must read it.
   */
  static Optional<List<Object[]>> read(SparkSession spark, String path, List<String> columns, List<Kind> kinds) {
    long version = Tables.latestVersion(spark, path);
    Optional<DeltaReplay> replay = DeltaReplay.of(spark, path, version);
    if (replay.isEmpty() || !replay.get().partitionColumns().isEmpty()) {
      return Optional.empty();
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<Object[]> rows = new ArrayList<>();
    try {
      for (String uri : replay.get().uris(path, conf)) {
        if (!readFile(new Path(uri), conf, columns, kinds, rows)) {
          return Optional.empty();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a data file of " + path + ": " + e.getMessage(), e);
    }
    return Optional.of(rows);
  }

  private static boolean readFile(Path file, Configuration conf, List<String> columns, List<Kind> kinds,
      List<Object[]> rows) throws IOException {
    MessageType schema;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      schema = r.getFooter().getFileMetaData().getSchema();
    }
    List<Type> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (!schema.containsField(columns.get(i))) {
        return false;
      }
      Type t = schema.getType(columns.get(i));
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED) || !matches(t.asPrimitiveType(), kinds.get(i))) {
        return false;
      }
      fields.add(t);
    }
    Configuration c = new Configuration(conf);
    c.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType(schema.getName(), fields).toString());
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(c).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
          if (g.getFieldRepetitionCount(i) == 0) {
            continue; // null
          }
          row[i] = switch (kinds.get(i)) {
            case STRING -> g.getString(i, 0);
            case INT -> g.getInteger(i, 0);
            case LONG -> g.getLong(i, 0);
          };
        }
        rows.add(row);
      }
    }
    return true;
  }

  private static boolean matches(PrimitiveType t, Kind k) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return switch (k) {
      case STRING -> t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
          && a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
      case INT -> t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
          && (a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.getBitWidth() == 32);
      case LONG -> t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
          && (a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.getBitWidth() == 64);
    };
  }
}
