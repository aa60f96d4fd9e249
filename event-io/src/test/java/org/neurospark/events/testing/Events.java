package org.neurospark.events.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.EventFiles;

/** Test helpers: read a whole recording, build byte fixtures. */
public final class Events {
  private Events() {}

  /**
   * Writes {@code bytes} to {@code file} and reads it: the first read delivers a batch (of {@code firstBatchSize}
   * events, or any size when -1), the next one fails with an {@link org.neurospark.events.EventFileException} at byte
   * {@code offset} whose message contains {@code text}.
   */
  public static void assertFailsAfterFirstBatch(Path file, byte[] bytes, int firstBatchSize, long offset, String text)
      throws IOException {
    java.nio.file.Files.write(file, bytes);
    try (EventReader r = EventFiles.open(file)) {
      EventBatch b = new EventBatch();
      org.junit.jupiter.api.Assertions.assertTrue(r.read(b));
      if (firstBatchSize >= 0) {
        org.junit.jupiter.api.Assertions.assertEquals(firstBatchSize, b.size());
      }
      org.neurospark.events.EventFileException e = org.junit.jupiter.api.Assertions.assertThrows(
          org.neurospark.events.EventFileException.class, () -> r.read(b));
      org.junit.jupiter.api.Assertions.assertEquals(offset, e.offset(), e.getMessage());
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(text), e.getMessage());
    }
  }

  /** Result of reading a whole file. */
  public record All(EventBatch events, Map<String, Long> skipped, org.neurospark.events.RecordingInfo info,
      long bytesRead) {
    public long[] event(int i) {
      return new long[] {events.t()[i], events.x()[i], events.y()[i], events.p()[i]};
    }

    public int size() {
      return events.size();
    }

    public long on() {
      long on = 0;
      for (int i = 0; i < events.size(); i++) {
        on += events.p()[i];
      }
      return on;
    }

    public long skipped(String kind) {
      return skipped.getOrDefault(kind, 0L);
    }
  }

  public static All readAll(Path f) throws IOException {
    return readAll(f, ReadOptions.DEFAULT, EventBatch.DEFAULT_CAPACITY);
  }

  public static All readAll(Path f, ReadOptions o) throws IOException {
    return readAll(f, o, EventBatch.DEFAULT_CAPACITY);
  }

  /**
   * Reads {@code r} to the end (or its first error) with batches of {@code batchCapacity} and closes it: one line
   * {@code "t x y p"} per event, then {@code "none"} or the error's {@code "offset message"}, then the skipped counts.
   * Two readers decoded the same when these lists are equal.
   */
  public static java.util.List<String> transcript(EventReader r, int batchCapacity) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (r) {
      EventBatch batch = new EventBatch(batchCapacity);
      try {
        while (r.read(batch)) {
          for (int i = 0; i < batch.size(); i++) {
            out.add(batch.t()[i] + " " + batch.x()[i] + " " + batch.y()[i] + " " + batch.p()[i]);
          }
        }
        out.add("none");
      } catch (org.neurospark.events.EventFileException e) {
        out.add(e.offset() + " " + e.getMessage());
      }
      out.add(r.skipped().toString());
    }
    return out;
  }

  /** Reads every event with batches of {@code batchCapacity}. */
  public static All readAll(Path f, ReadOptions o, int batchCapacity) throws IOException {
    EventBatch all = new EventBatch(1024);
    try (EventReader r = EventFiles.open(f, o)) {
      EventBatch b = new EventBatch(batchCapacity);
      while (r.read(b)) {
        all.addAll(b);
      }
      return new All(all, Map.copyOf(r.skipped()), r.info(), r.bytesRead());
    }
  }

  /** A little byte builder for synthetic fixtures. */
  public static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Bytes text(String s) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      out.write(b, 0, b.length);
      return this;
    }

    public Bytes u8(int v) {
      out.write(v);
      return this;
    }

    public Bytes i16be(int v) {
      return u8(v >>> 8).u8(v);
    }

    public Bytes i32be(int v) {
      return u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    public Bytes i16le(int v) {
      return u8(v).u8(v >>> 8);
    }

    public Bytes i32le(int v) {
      return u8(v).u8(v >>> 8).u8(v >>> 16).u8(v >>> 24);
    }

    public byte[] bytes() {
      return out.toByteArray();
    }
  }
}
