package org.neurospark.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

/** Recordings read through Hadoop's FileSystem API (the local file system, as HDFS/S3A would be) equal local reads. */
class HadoopByteSourceTest {
  private static final Path SHARED = SharedData.data("events");

  @TempDir
  Path dir;

  private static long[] summary(EventReader r) throws IOException {
    long n = 0;
    long sumT = 0;
    long sumXy = 0;
    long on = 0;
    EventBatch b = new EventBatch();
    while (r.read(b)) {
      for (int i = 0; i < b.size(); i++) {
        sumT += b.t()[i];
        sumXy += 31L * b.x()[i] + b.y()[i];
        on += b.p()[i];
      }
      n += b.size();
    }
    return new long[] {n, sumT, sumXy, on};
  }

  @Test
  void everyFormatReadsTheSameThroughHadoop() throws IOException {
    for (String f : new String[] {"nmnist/tonic_sample_nmnist.bin", "aedat2/jaer_MovingDarkBox_dvs128.aedat"}) {
      Path file = SHARED.resolve(f);
      long[] local;
      try (EventReader r = EventFiles.open(file, ReadOptions.DEFAULT)) {
        local = summary(r);
      }
      String uri = file.toUri().toString();
      try (EventReader r = EventFiles.open(HadoopByteSource.open(uri, new Configuration()), ReadOptions.DEFAULT)) {
        assertArrayEquals(local, summary(r), f);
      }
    }
  }

  @Test
  void positionalReadsIntoHeapAndDirectBuffers() throws IOException {
    byte[] data = new byte[700_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    Path f = Files.write(dir.resolve("bytes.bin"), data);
    try (HadoopByteSource s = HadoopByteSource.open(f.toUri().toString(), new Configuration())) {
      assertEquals(data.length, s.size());
      ByteBuffer heap = ByteBuffer.allocate(1000);
      assertEquals(1000, s.readFully(123_456, heap));
      assertArrayEquals(Arrays.copyOfRange(data, 123_456, 124_456), heap.array());
      ByteBuffer direct = ByteBuffer.allocateDirect(400_000);
      assertEquals(400_000, s.readFully(300_000, direct));
      direct.flip();
      byte[] got = new byte[400_000];
      direct.get(got);
      assertArrayEquals(Arrays.copyOfRange(data, 300_000, 700_000), got);
      assertEquals(-1, s.read(data.length, ByteBuffer.allocate(4)));
    }
  }

  @Test
  void truncationDirectoriesAndMissingFilesAreNamed() throws IOException {
    byte[] bytes = Files.readAllBytes(SHARED.resolve("nmnist/tonic_sample_nmnist.bin"));
    Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(bytes, 5003));
    String uri = cut.toUri().toString();
    EventFileException e = assertThrows(EventFileException.class, () -> {
      try (EventReader r = EventFiles.open(HadoopByteSource.open(uri, new Configuration()), ReadOptions.DEFAULT)) {
        summary(r);
      }
    });
    assertEquals(5000, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains("cut.bin"), e.getMessage());
    assertThrows(FileNotFoundException.class, () -> HadoopByteSource.open(dir.resolve("nope.bin").toUri()
        .toString(), new Configuration()));
    IOException d = assertThrows(IOException.class, () -> HadoopByteSource.open(dir.toUri().toString(),
        new Configuration()));
    assertTrue(d.getMessage().contains("a directory"), d.getMessage());
  }
}
