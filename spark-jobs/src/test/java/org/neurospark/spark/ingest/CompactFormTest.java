package org.neurospark.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.tables.EventsDataFile;

/** Ingest's task work and task results survive Java serialization through their compact form, nulls included. */
class CompactFormTest {
  @Test
  void workSlicesRoundTrip() throws Exception {
    List<FileWork> files = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String path = "/data/Train/" + (i % 10) + "/" + i + ".bin";
      List<SampleSpec> samples = new ArrayList<>();
      samples.add(new SampleSpec("Train/" + (i % 10) + "/" + i + ".bin", "nmnist", "train", i % 10, "class " + i % 10,
          path, -1, -1, Integer.toString(i), 34, 34));
      if (i % 7 == 0) {
        // segments of one recording (DVS Gesture style), a null class name and name, non-ASCII text
        samples.add(new SampleSpec(path + "#3/seg", "dvsgesture", "test", 3, null, path, 1_000_000L * i,
            1_000_000L * i + 6_000_000L, null, 128, 128));
        samples.add(new SampleSpec(path + "#4/é", "dvsgesture", "test", 4, "hand clap ✋", path, 0, 5, "é", 0, 0));
      }
      files.add(new FileWork(path, 1000L + i, 1_700_000_000_000L + i, samples));
    }
    WorkSlice slice = new WorkSlice(files);
    byte[] bytes = serialize(slice);
    assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("CompactForm"), "written as its compact form");
    assertEquals(slice, deserialize(bytes));
    assertEquals(new WorkSlice(List.of()), deserialize(serialize(new WorkSlice(List.of()))));
  }

  @Test
  void taskResultsRoundTrip() throws Exception {
    List<FileOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String path = "/data/" + i + ".bin";
      if (i % 13 == 0) {
        // a failure: no checksum when unreadable, a long message with non-ASCII characters, no samples
        outcomes.add(new FileOutcome(path, i % 2 == 0 ? null : "crc32c:1+crc32:2", null, 0, 0, i == 0 ? -1 : 4096L * i,
            "truncated ✗ ".repeat(i == 13 ? 7000 : 1), List.of()));
      } else {
        outcomes.add(new FileOutcome(path, "crc32c:0a+crc32:0b", "atis-bin", i % 3 == 0 ? 0 : 304, 240, -1, null,
            List.of(new FileOutcome.SampleStats(i + ".bin", 4000 + i, i % 5 == 0 ? null : 12L, i % 5 == 0 ? null
                : Long.MAX_VALUE))));
      }
    }
    List<EventsDataFile> files = List.of(
        new EventsDataFile("split=train/label=0/part-a.snappy.parquet", "train", 0, 1 << 20, 1_700_000_000_000L,
            123_456, "0.bin", "99.bin"),
        new EventsDataFile("split=test/label=9/part-b.parquet", "test", 9, 77, 1L, 0, null, null));
    TaskResult result = new TaskResult(outcomes, files);
    Object back = deserialize(serialize(result));
    assertInstanceOf(TaskResult.class, back);
    assertEquals(result, back);
    assertEquals(new TaskResult(List.of(), List.of()), deserialize(serialize(new TaskResult(List.of(), List.of()))));
  }

  @Test
  void splitsInOrderIntoNearlyEqualSlices() {
    List<FileWork> files = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      files.add(new FileWork("/f" + i, i, i, List.of()));
    }
    List<WorkSlice> slices = WorkSlice.split(files, 5);
    assertEquals(List.of(4, 5, 4, 5, 5), slices.stream().map(s -> s.files().size()).toList());
    assertEquals(files, slices.stream().flatMap(s -> s.files().stream()).toList());
    assertEquals(23, WorkSlice.split(files, 100).size());
    assertEquals(List.of(new WorkSlice(List.of())), WorkSlice.split(List.of(), 4));
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bo)) {
      out.writeObject(o);
    }
    return bo.toByteArray();
  }

  private static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    }
  }
}
