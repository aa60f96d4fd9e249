package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurospark.spark.testing.EventBatches.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;

/**
 * {@link EventsPagesReader} (through {@link EventsFileReader}) against Spark's vectorized reader on the same files of
 * {@link EventsFileWriter}: every sample, id and value equal, across pages, row groups and codecs, for timestamp
 * deltas of every bit width up to 64 and pixel values up to the smallint maximum.
 */
class EventsPagesReaderTest {
  private static EventBatch sample(Random r, int n, int kind) {
    EventBatch b = new EventBatch(Math.max(1, n));
    long t = r.nextInt(1000);
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case 0 -> t += r.nextInt(50); // small deltas, some zero
        case 1 -> t += r.nextInt(3) == 0 ? -r.nextInt(1 << 20) : r.nextInt(1 << 12); // negative deltas
        case 2 -> t += (long) r.nextInt(1 << 30) << r.nextInt(33); // deltas of up to 62 bits, wrapping
        default -> t = r.nextLong(); // any value: deltas of all 64 bits
      }
      int x = kind == 3 ? r.nextInt(Short.MAX_VALUE + 1) : r.nextInt(34);
      int y = kind == 2 ? Short.MAX_VALUE - r.nextInt(3) : r.nextInt(240);
      byte p = (byte) (kind == 1 ? r.nextInt(128) : r.nextInt(2));
      b.add(t, x, y, p);
    }
    return b;
  }

  private static Path write(Path file, List<String> ids, List<EventBatch> samples, String codec, int pageRows,
      int rowGroupRows) throws IOException {
    try (EventsFileWriter w = new EventsFileWriter(HadoopOutputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()), PageCodec.named(codec), pageRows,
        rowGroupRows)) {
      for (int i = 0; i < ids.size(); i++) {
        w.startSample(ids.get(i));
        // in several writes, as ingest streams batches
        EventBatch b = samples.get(i);
        for (int from = 0; from < b.size(); from += 700) {
          w.write(b, from, Math.min(b.size(), from + 700));
        }
      }
    }
    return file;
  }

  @Test
  void everySampleEqualsSparksReaderAcrossPagesRowGroupsCodecsAndWidths(@TempDir Path tmp) throws Exception {
    Random r = new Random(11);
    List<String> ids = new ArrayList<>();
    List<EventBatch> samples = new ArrayList<>();
    int[] sizes = {1, 2, 7, 8, 9, 31, 33, 127, 128, 129, 1000, 4096, 5000, 1, 300};
    for (int i = 0; i < sizes.length; i++) {
      ids.add((i % 3 == 0 ? "Train/" : "Test/") + (i * 7919 % 101) + "/s" + i + ".bin");
      samples.add(sample(r, sizes[i], i % 4));
    }
    int files = 0;
    for (String codec : new String[] {"snappy", "zstd", "uncompressed"}) {
      for (int[] sz : new int[][] {{8, 8}, {64, 256}, {256, 4096}, {1 << 17, 1 << 22}}) {
        Path f = write(tmp.resolve("e" + files++ + ".parquet"), ids, samples, codec, sz[0], sz[1]);
        String what = codec + " pages " + sz[0] + " row groups " + sz[1];
        EventBatch got = new EventBatch(1);
        EventBatch spark = new EventBatch(1);
        try (EventsFileReader own = EventsFileReader.open(f.toUri().toString());
            EventsFileReader theirs = EventsFileReader.openWithSpark(f.toUri().toString())) {
          assertTrue(own.decodesPages(), what);
          assertFalse(theirs.decodesPages());
          for (int i = 0; i < ids.size(); i++) {
            assertEquals(ids.get(i), own.nextSample(got), what);
            assertEquals(ids.get(i), theirs.nextSample(spark), what);
            assertSameEvents(samples.get(i), got, what + " " + ids.get(i));
            assertSameEvents(spark, got, what + " " + ids.get(i) + " (Spark's reader)");
          }
          assertNull(own.nextSample(got));
          assertEquals(0, got.size());
          assertNull(own.nextSample(got), "still at the end");
        }
      }
    }
  }

  @Test
  void unpackInvertsTheWritersPackerAtEveryWidth() {
    Random r = new Random(17);
    for (int width = 0; width <= 32; width++) {
      for (int k : new int[] {1, 7, 8, 9, 63, 64, 480}) {
        int groups = (k + 7) / 8;
        int[] v = new int[groups * 8];
        for (int i = 0; i < k; i++) {
          v[i] = width == 0 ? 0 : (int) (r.nextLong() >>> (64 - width));
        }
        byte[] packed = new byte[3 + groups * width + BitPacker.SLACK + 16];
        int end = BitPacker.pack(v, 0, groups, width, packed, 3);
        assertEquals(3 + groups * width, end);
        int[] got = new int[k + 5];
        Arrays.fill(got, -1);
        EventsPagesReader.unpack(packed, 3, width, got, 2, k);
        assertArrayEquals(Arrays.copyOf(v, k), Arrays.copyOfRange(got, 2, 2 + k), "width " + width + ", " + k);
        assertEquals(-1, got[1], "nothing before");
        assertEquals(-1, got[2 + k], "nothing after");
      }
    }
  }

  @Test
  void aSampleIdRepeatedAfterAnotherIsTwoRunsAsWithSparksReader(@TempDir Path tmp) throws Exception {
    Random r = new Random(3);
    List<EventBatch> s = List.of(sample(r, 50, 0), sample(r, 60, 0), sample(r, 70, 0));
    Path f = write(tmp.resolve("e.parquet"), List.of("a", "b", "a"), s, "snappy", 16, 64);
    EventBatch b = new EventBatch(1);
    try (EventsFileReader own = EventsFileReader.open(f.toString())) {
      assertTrue(own.decodesPages(), "a plain local path");
      for (int i = 0; i < 3; i++) {
        assertEquals(i == 1 ? "b" : "a", own.nextSample(b));
        assertSameEvents(s.get(i), b, "run " + i);
      }
      assertNull(own.nextSample(b));
    }
  }

  /** Readers on several threads at once, as the tasks of one executor: each owns its decompressors. */
  @Test
  void readersOnConcurrentThreadsDoNotShareState(@TempDir Path tmp) throws Exception {
    Random r = new Random(9);
    List<String> ids = new ArrayList<>();
    List<EventBatch> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(String.format("s%03d", i));
      samples.add(sample(r, 2000 + r.nextInt(3000), i % 3));
    }
    Path[] files = new Path[2];
    for (int i = 0; i < files.length; i++) {
      files[i] = write(tmp.resolve("c" + i + ".parquet"), ids, samples, i == 0 ? "snappy" : "zstd", 512, 8192);
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int task = 0; task < 16; task++) {
        Path f = files[task % 2];
        done.add(pool.submit(() -> {
          EventBatch b = new EventBatch(1);
          try (EventsFileReader own = EventsFileReader.open(f.toUri().toString())) {
            for (int i = 0; i < ids.size(); i++) {
              assertEquals(ids.get(i), own.nextSample(b));
              assertSameEvents(samples.get(i), b, f + " " + ids.get(i));
            }
            assertNull(own.nextSample(b));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> d : done) {
        d.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTruncatedFileIsRefusedByName(@TempDir Path tmp) throws Exception {
    Random r = new Random(5);
    Path f = write(tmp.resolve("e.parquet"), List.of("a"), List.of(sample(r, 3000, 0)), "snappy", 256, 1024);
    byte[] all = Files.readAllBytes(f);
    Path cut = tmp.resolve("cut.parquet");
    Files.write(cut, Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> EventsFileReader.open(cut.toUri().toString()));
    assertTrue(e.getMessage().startsWith(cut.toUri() + ": cannot be read as an events data file"), e.getMessage());
  }
}
