package org.neurospark.spark.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Replaces the whole content of a small, unpartitioned Delta table ({@code samples}, {@code errors}) with rows the
 * driver holds, in one Delta commit and without a Spark job: the rows are written by the driver into one Parquet
 * file ({@code string}, {@code int} and {@code bigint} columns; Spark's schema in the footer, as Spark's own writer
 * puts it) and committed with {@code remove} actions for every file of the version read. A table that does not exist
 * yet is created with {@code schema} in the same commit. Readers see the previous rows or the new ones, never a mix;
 * a file written by a run killed before its commit is never listed by the log.
 */
public final class SmallTableCommit {
  private SmallTableCommit() {}

  /**
   * Writes {@code rows} (matching {@code schema}) as the new content of the table at {@code path}.
   *
   * @param codecName Parquet codec as Spark names it ({@code snappy}, {@code zstd}, {@code none}/{@code uncompressed})
   * @param userMetadata JSON recorded in the commit info
   * @param skipWhenBothEmpty when true, an existing table with no data files and no {@code rows} is left as it is
   *     (no commit)
   * @return the table's version after the call
   */
  public static long replace(SparkSession spark, String path, StructType schema, List<Row> rows, String codecName,
      String userMetadata, boolean skipWhenBothEmpty) {
    DeltaLog log = DeltaLog.forTable(spark, new Path(path));
    OptimisticTransaction txn = log.startTransaction();
    List<Action> actions = new ArrayList<>();
    long now = System.currentTimeMillis();
    if (txn.readVersion() < 0) {
      txn.updateMetadataForNewTable(new Metadata(UUID.randomUUID().toString(), null, null,
          new Format("parquet", scalaMap(Map.of())), schema.json(),
          CollectionConverters.asScala(List.<String>of()).toSeq(), scalaMap(Map.of()), Option.apply(now)));
    } else {
      txn.readWholeTable();
      List<AddFile> current = txn.snapshot().allFiles().collectAsList();
      if (skipWhenBothEmpty && current.isEmpty() && rows.isEmpty()) {
        return txn.readVersion();
      }
      for (AddFile a : current) {
        actions.add(a.removeWithTimestamp(now, true));
      }
    }
    if (!rows.isEmpty()) {
      try {
        actions.add(write(new Path(path), schema, rows, codecName, now));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a data file of " + path + ": " + e.getMessage(), e);
      }
    }
    DeltaOperations.Write op = new DeltaOperations.Write(SaveMode.Overwrite,
        Option.apply(CollectionConverters.asScala(List.<String>of()).toSeq()), Option.empty(),
        Option.apply(userMetadata));
    return txn.commit(CollectionConverters.asScala(actions).toSeq(), op);
  }

  /** The Parquet schema of {@code schema} (string, int and bigint columns). */
  static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      Type.Repetition rep = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      DataType t = f.dataType();
      if (t.equals(DataTypes.StringType)) {
        b.addField(Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType())
            .named(f.name()));
      } else if (t.equals(DataTypes.IntegerType)) {
        b.addField(Types.primitive(PrimitiveTypeName.INT32, rep).named(f.name()));
      } else if (t.equals(DataTypes.LongType)) {
        b.addField(Types.primitive(PrimitiveTypeName.INT64, rep).named(f.name()));
      } else {
        throw new IllegalArgumentException("column " + f.name() + ": type " + t.simpleString()
            + " is not supported here (string, int, bigint)");
      }
    }
    return b.named("spark_schema");
  }

  private static AddFile write(Path table, StructType schema, List<Row> rows, String codecName, long now)
      throws IOException {
    MessageType ps = parquetSchema(schema);
    CompressionCodecName codec = switch (codecName.toLowerCase(Locale.ROOT)) {
      case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
      case "zstd" -> CompressionCodecName.ZSTD;
      case "gzip" -> CompressionCodecName.GZIP;
      default -> CompressionCodecName.SNAPPY;
    };
    String name = "part-00000-" + UUID.randomUUID() + "-c000"
        + (codec == CompressionCodecName.UNCOMPRESSED ? "" : codec.getExtension()) + ".parquet";
    Path file = new Path(table, name);
    Configuration conf = new Configuration();
    SimpleGroupFactory groups = new SimpleGroupFactory(ps);
    StructField[] fields = schema.fields();
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file).withConf(conf).withType(ps)
        .withCompressionCodec(codec).withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withExtraMetaData(Map.of("org.apache.spark.sql.parquet.row.metadata", schema.json())).build()) {
      for (Row r : rows) {
        Group g = groups.newGroup();
        for (int i = 0; i < fields.length; i++) {
          if (r.isNullAt(i)) {
            if (!fields[i].nullable()) {
              throw new IllegalArgumentException("column " + fields[i].name() + " is null in row " + r);
            }
            continue;
          }
          DataType t = fields[i].dataType();
          if (t.equals(DataTypes.StringType)) {
            g.append(fields[i].name(), r.getString(i));
          } else if (t.equals(DataTypes.IntegerType)) {
            g.append(fields[i].name(), r.getInt(i));
          } else {
            g.append(fields[i].name(), r.getLong(i));
          }
        }
        w.write(g);
      }
    }
    FileSystem fs = file.getFileSystem(conf);
    FileStatus st = fs.getFileStatus(file);
    return new AddFile(name, scalaMap(Map.of()), st.getLen(), st.getModificationTime(), true,
        "{\"numRecords\":" + rows.size() + "}", null, null, Option.empty(), Option.empty(), Option.empty());
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> m) {
    scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : m.entrySet()) {
      out = out.updated(e.getKey(), e.getValue());
    }
    return out;
  }
}
