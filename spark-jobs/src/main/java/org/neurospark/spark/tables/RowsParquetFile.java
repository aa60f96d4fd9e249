package org.neurospark.spark.tables;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes Spark {@link Row}s of a flat schema ({@code string}, {@code int}, {@code bigint} and {@code binary} columns)
 * into one Parquet file with parquet-java's writer, without Spark SQL: Spark's schema goes into the footer as Spark's
 * own writer puts it, so Spark, Delta and any other Parquet reader read the file as if Spark had written it. Binary
 * columns (e.g. the frames tensors) are written without dictionary and min/max statistics (values of many KiB that
 * nobody filters by). Used on the driver for the small tables and on the executors for {@code frames}.
 */
public final class RowsParquetFile {
  private RowsParquetFile() {}

  /**
   * A written file.
   *
   * @param name the file name (relative to the table folder it was written into)
   * @param sizeBytes file size in bytes
   * @param modificationTime the file's modification time, ms since the epoch
   * @param numRecords rows in the file
   */
  public record Written(String name, long sizeBytes, long modificationTime, long numRecords)
      implements Serializable {}

  /** The Parquet schema of {@code schema} (string, int, bigint and binary columns). */
  public static MessageType parquetSchema(StructType schema) {
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
      } else if (t.equals(DataTypes.BinaryType)) {
        b.addField(Types.primitive(PrimitiveTypeName.BINARY, rep).named(f.name()));
      } else {
        throw new IllegalArgumentException("column " + f.name() + ": type " + t.simpleString()
            + " is not supported here (string, int, bigint, binary)");
      }
    }
    return b.named("spark_schema");
  }

  /** Parquet's codec for Spark's name of it ({@code spark.sql.parquet.compression.codec}). */
  public static CompressionCodecName codec(String sparkName) {
    return switch (sparkName.toLowerCase(Locale.ROOT)) {
      case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
      case "zstd" -> CompressionCodecName.ZSTD;
      case "gzip" -> CompressionCodecName.GZIP;
      case "lz4_raw" -> CompressionCodecName.LZ4_RAW;
      default -> CompressionCodecName.SNAPPY;
    };
  }

  /** A file name as Spark names data files: {@code part-<prefix>-c000<codec extension>.parquet}. */
  public static String fileName(String prefix, String sparkCodec) {
    CompressionCodecName c = codec(sparkCodec);
    return "part-" + prefix + "-c000" + (c == CompressionCodecName.UNCOMPRESSED ? "" : c.getExtension())
        + ".parquet";
  }

  /**
   * Writes {@code rows} (matching {@code schema}) to {@code folder/name} (which must not exist); when there are no
   * rows, writes nothing and returns null.
   */
  public static Written write(Path folder, String name, StructType schema, Iterator<Row> rows, String sparkCodec,
      Configuration conf) throws IOException {
    if (!rows.hasNext()) {
      return null;
    }
    MessageType ps = parquetSchema(schema);
    Path file = new Path(folder, name);
    StructField[] fields = schema.fields();
    FileSystem fs = file.getFileSystem(conf);
    ExampleParquetWriter.Builder builder = ExampleParquetWriter.builder(DataFiles.create(fs, file, conf))
        .withConf(conf).withType(ps)
        .withCompressionCodec(codec(sparkCodec)).withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withPageWriteChecksumEnabled(false)
        .withExtraMetaData(Map.of("org.apache.spark.sql.parquet.row.metadata", schema.json()));
    for (StructField f : fields) {
      if (f.dataType().equals(DataTypes.BinaryType)) {
        builder = builder.withDictionaryEncoding(f.name(), false).withStatisticsEnabled(f.name(), false)
            .withSizeStatisticsEnabled(f.name(), false);
      }
    }
    SimpleGroupFactory groups = new SimpleGroupFactory(ps);
    long n = 0;
    try (ParquetWriter<Group> w = builder.build()) {
      while (rows.hasNext()) {
        Row r = rows.next();
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
          } else if (t.equals(DataTypes.LongType)) {
            g.append(fields[i].name(), r.getLong(i));
          } else {
            g.append(fields[i].name(), Binary.fromConstantByteArray((byte[]) r.get(i)));
          }
        }
        w.write(g);
        n++;
      }
    }
    long[] st = DataFiles.sizeAndTime(fs, file);
    return new Written(name, st[0], st[1], n);
  }
}
