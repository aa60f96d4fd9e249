package org.neurospark.events.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.npy.NpyArray;
import org.neurospark.events.testing.SharedData;

/**
 * Reproduces every case of {@code reference/spikingjelly/frames/index.json} bit for bit, reading the index at run
 * time so cases added later are covered without code changes. Each case is integrated three ways: in memory, from
 * the file (two-pass / streaming) and, for fixed duration, streamed frame by frame.
 */
class SpikingJellyGoldenFramesTest {

  @TestFactory
  Stream<DynamicTest> everyGoldenCase() throws IOException {
    Path dir = SharedData.reference("spikingjelly/frames");
    JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : index.get("cases")) {
      String name = c.get("case").asText();
      tests.add(DynamicTest.dynamicTest(name, () -> checkCase(dir, c)));
    }
    assertFalse(tests.isEmpty(), "index.json lists no cases");
    return tests.stream();
  }

  private static void checkCase(Path dir, JsonNode c) throws IOException {
    String name = c.get("case").asText();
    Path events = SharedData.data(c.get("file").asText());
    int h = c.get("H").asInt();
    int w = c.get("W").asInt();
    NpyArray golden = NpyArray.read(dir.resolve(name + ".npy"));
    long[] shape = new long[c.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = c.get("shape").get(i).asLong();
    }
    assertArrayEquals(shape, golden.shape(), "golden .npy shape vs index.json");
    float[] want = golden.toFloats();

    EventBatch all = readAll(events);
    FrameIntegrator fi = new FrameIntegrator(h, w);
    String fn = c.get("fn").asText();
    Frames inMemory;
    Frames fromFile;
    switch (fn) {
      case "integrate_events_by_fixed_frames_number": {
        SplitBy split = SplitBy.parse(c.get("split_by").asText());
        int t = c.get("frames_num").asInt();
        inMemory = fi.byFramesNumber(all, split, t);
        fromFile = FileFrames.byFramesNumber(events, ReadOptions.DEFAULT, split, t, fi);
        break;
      }
      case "integrate_events_by_fixed_duration": {
        long d = c.get("duration_us").asLong();
        // the golden cases come from current upstream SpikingJelly; a case may name another algorithm
        DurationMode mode = c.has("duration_mode") ? DurationMode.parse(c.get("duration_mode").asText())
            : DurationMode.UPSTREAM;
        inMemory = fi.byDuration(all, d, mode);
        List<float[]> streamed = new ArrayList<>();
        int n = FileFrames.byDuration(events, ReadOptions.DEFAULT, d, mode, fi,
            (i, data, off) -> {
              assertEquals(streamed.size(), i);
              streamed.add(java.util.Arrays.copyOfRange(data, off, off + 2 * h * w));
            });
        fromFile = new Frames(n, h, w);
        for (int i = 0; i < n; i++) {
          System.arraycopy(streamed.get(i), 0, fromFile.data(), i * 2 * h * w, 2 * h * w);
        }
        break;
      }
      default:
        fail("unknown fn '" + fn + "' in index.json case " + name);
        return;
    }
    assertArrayEquals(shape, inMemory.shape(), name + " shape");
    assertBitEqual(name + " (in memory)", want, inMemory.toArray());
    assertArrayEquals(shape, fromFile.shape(), name + " shape (file)");
    assertBitEqual(name + " (file)", want, fromFile.toArray());
    if (c.has("total")) {
      assertEquals(c.get("total").asDouble(), inMemory.total(), 0.0, name + " total");
    }
  }

  static void assertBitEqual(String what, float[] want, float[] got) {
    assertEquals(want.length, got.length, what + " length");
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        fail(what + ": element " + i + " is " + got[i] + ", golden " + want[i]);
      }
    }
    assertTrue(want.length > 0);
  }

  static EventBatch readAll(Path f) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = EventFiles.open(f)) {
      EventBatch b = new EventBatch(1000);
      while (r.read(b)) {
        all.addAll(b);
      }
    }
    return all;
  }
}
