package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DirectRowsFile} against {@link RowsParquetFile} on the same rows, read back by parquet-java. */
class DirectRowsFileTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("label", DataTypes.IntegerType, false)
      .add("n", DataTypes.LongType, false)
      .add("floats", DataTypes.BinaryType, false)
      .add("ints", DataTypes.BinaryType, false);

  private static List<Group> read(Path file) throws Exception {
    List<Group> out = new ArrayList<>();
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).build()) {
      Group g;
      while ((g = r.read()) != null) {
        out.add(g);
      }
    }
    return out;
  }

  private static ParquetMetadata footer(Path file) throws Exception {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
      return r.getFooter();
    }
  }

  @Test
  void sameRowsSchemaAndFooterAsTheRowWriterAcrossPagesRowGroupsAndCodecs(@TempDir java.nio.file.Path tmp)
      throws Exception {
    Random r = new Random(4);
    List<Row> rows = new ArrayList<>();
    List<float[]> floats = new ArrayList<>();
    List<int[]> ints = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      float[] f = new float[r.nextInt(3) == 0 ? 0 : r.nextInt(2000)];
      int[] k = new int[r.nextInt(50)];
      for (int j = 0; j < f.length; j++) {
        f[j] = r.nextInt(5) == 0 ? r.nextFloat() * 7 : 0f;
      }
      for (int j = 0; j < k.length; j++) {
        k[j] = r.nextInt();
      }
      floats.add(f);
      ints.add(k);
      ByteBuffer fb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
      fb.asFloatBuffer().put(f);
      ByteBuffer kb = ByteBuffer.allocate(4 * k.length).order(ByteOrder.LITTLE_ENDIAN);
      kb.asIntBuffer().put(k);
      rows.add(RowFactory.create(String.format("s/%04d ü", (i * 37) % 300), r.nextInt(10) - 3,
          r.nextLong(), fb.array(), kb.array()));
    }
    Configuration conf = new Configuration();
    for (String codec : new String[] {"snappy", "zstd", "uncompressed"}) {
      for (int[] limits : new int[][] {{64, 4096}, {1 << 12, 1 << 16}, {1 << 20, 128 << 20}}) {
        String what = codec + " " + limits[0] + "/" + limits[1];
        Path folder = new Path(tmp.resolve(codec + limits[0]).toUri());
        RowsParquetFile.Written want = RowsParquetFile.write(folder, "rows.parquet", SCHEMA, rows.iterator(), codec,
            conf);
        RowsParquetFile.Written got;
        try (DirectRowsFile d = new DirectRowsFile(folder, "direct.parquet", SCHEMA, codec, conf, limits[0],
            limits[1])) {
          for (int i = 0; i < rows.size(); i++) {
            Row x = rows.get(i);
            d.string(0, x.getString(0));
            d.integer(1, x.getInt(1));
            d.bigint(2, x.getLong(2));
            d.floats(3, floats.get(i), floats.get(i).length);
            d.ints(4, ints.get(i), ints.get(i).length);
            d.endRow();
          }
          got = d.finish();
        }
        assertEquals(want.numRecords(), got.numRecords(), what);
        assertEquals("direct.parquet", got.name());
        Path wf = new Path(folder, "rows.parquet");
        Path gf = new Path(folder, "direct.parquet");
        assertEquals(Files.size(java.nio.file.Path.of(gf.toUri())), got.sizeBytes(), what);
        ParquetMetadata wm = footer(wf);
        ParquetMetadata gm = footer(gf);
        assertEquals(wm.getFileMetaData().getSchema(), gm.getFileMetaData().getSchema(), what);
        assertEquals(wm.getFileMetaData().getKeyValueMetaData().get("org.apache.spark.sql.parquet.row.metadata"),
            gm.getFileMetaData().getKeyValueMetaData().get("org.apache.spark.sql.parquet.row.metadata"), what);
        if (limits[1] == 4096) {
          assertTrue(gm.getBlocks().size() > 3, what + ": several row groups");
        }
        List<Group> a = read(wf);
        List<Group> b = read(gf);
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) {
          assertEquals(a.get(i).toString(), b.get(i).toString(), what + " row " + i);
          assertArrayEquals(a.get(i).getBinary("floats", 0).getBytes(), b.get(i).getBinary("floats", 0).getBytes());
        }
      }
    }
  }

  @Test
  void noRowsNoFileAndMisuseIsRefused(@TempDir java.nio.file.Path tmp) throws Exception {
    Path folder = new Path(tmp.toUri());
    try (DirectRowsFile d = new DirectRowsFile(folder, "none.parquet", SCHEMA, "snappy", new Configuration())) {
      assertNull(d.finish());
    }
    assertFalse(Files.exists(tmp.resolve("none.parquet")));
    assertTrue(DirectRowsFile.supports("zstd"));
    assertFalse(DirectRowsFile.supports("gzip"));
    try (DirectRowsFile d = new DirectRowsFile(folder, "bad.parquet", SCHEMA, "snappy", new Configuration())) {
      d.string(0, "a");
      assertThrows(IllegalStateException.class, () -> d.string(0, "b"), "a column twice");
      assertThrows(IllegalArgumentException.class, () -> d.integer(2, 1), "an int into a bigint column");
      assertThrows(IllegalStateException.class, d::endRow, "columns missing");
    }
    try (DirectRowsFile d = new DirectRowsFile(folder, "unfinished.parquet", SCHEMA, "snappy",
        new Configuration())) {
      d.string(0, "a");
      d.integer(1, 1);
      d.bigint(2, 2);
      d.floats(3, new float[] {1f}, 1);
      d.ints(4, new int[0], 0);
      d.endRow();
      assertTrue(Files.exists(tmp.resolve("unfinished.parquet")), "created with the first row");
    }
    assertFalse(Files.exists(tmp.resolve("unfinished.parquet")), "a file never finished is deleted");
    assertThrows(IllegalArgumentException.class, () -> new DirectRowsFile(folder, "x.parquet",
        new StructType().add("a", DataTypes.IntegerType, true), "snappy", new Configuration()));
  }
}
