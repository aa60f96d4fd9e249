package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.arrow.ArrowEventReader;

/**
 * Every reader reads through the {@link ByteSource} it is given: a recording of each format read from memory gives
 * exactly what the file path gives (events, skipped counts, sensor size, bytes read, and for damaged bytes the same
 * {@link EventFileException} offset and message); each reader opens its source once, closes it once and opens
 * nothing by name; the Arrow reader allocates from the caller's allocator.
 */
class ByteSourceReadersTest {
  @TempDir
  static Path dir;
  static List<Path> fixtures;

  @BeforeAll
  static void fixtures() throws IOException {
    fixtures = ByteSourceFixtures.create(dir);
  }

  @Test
  void fixturesCoverEveryFormat() throws IOException {
    Set<EventFormat> seen = EnumSet.noneOf(EventFormat.class);
    for (Path f : fixtures) {
      seen.add(EventFiles.detect(f));
    }
    assertEquals(EnumSet.allOf(EventFormat.class), seen);
  }

  @Test
  void memorySourceGivesExactlyTheEventsOfTheFilePath() throws IOException {
    for (Path f : fixtures) {
      byte[] bytes = Files.readAllBytes(f);
      Outcome viaPath = Outcome.read(f);
      assertNull(viaPath.error, f + ": " + viaPath.error);
      String name = "memory:/" + f.getFileName();
      Outcome heap = Outcome.read(ByteSource.wrap(name, bytes));
      viaPath.assertSame(heap, f + " from a heap buffer");
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 3);
      direct.put(new byte[3]).put(bytes).flip().position(3); // a slice starting inside the buffer
      Outcome off = Outcome.read(ByteSource.wrap(name, direct));
      viaPath.assertSame(off, f + " from a direct buffer");
      // a heap slice, decoded in place: junk before and after it must never be read
      byte[] padded = new byte[bytes.length + 10];
      Arrays.fill(padded, (byte) 0x5A);
      System.arraycopy(bytes, 0, padded, 5, bytes.length);
      Outcome inside = Outcome.read(ByteSource.wrap(name, ByteBuffer.wrap(padded, 5, bytes.length)));
      viaPath.assertSame(inside, f + " from inside a larger heap array");
      assertEquals(f.toString(), viaPath.source);
      assertEquals(name, heap.source);
      // conventions apply the same way on both paths
      ReadOptions o = ReadOptions.DEFAULT.withRebaseTime(true).withInvertPolarity(true).withTranspose(true);
      Outcome.read(f, o).assertSame(Outcome.read(ByteSource.wrap(name, bytes), o), f + " with " + o);
    }
  }

  @Test
  void truncatedAndDamagedBytesFailTheSameWayFromMemory() throws IOException {
    Random rnd = new Random(0xB17E5L);
    int failures = 0;
    Set<EventFormat> failed = EnumSet.noneOf(EventFormat.class);
    for (Path f : fixtures) {
      byte[] full = Files.readAllBytes(f);
      EventFormat format = EventFiles.detect(f);
      Path copy = dir.resolve("cut").resolve(f.getFileName().toString()); // same name: same detection
      Files.createDirectories(copy.getParent());
      for (int k = 0; k < 8; k++) {
        byte[] bytes;
        if (k < 6) {
          int cut = k == 0 ? full.length - 1 : k == 1 ? full.length / 2 : rnd.nextInt(full.length);
          bytes = Arrays.copyOf(full, cut);
        } else {
          bytes = full.clone();
          for (int i = 0; i < 16; i++) {
            bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
          }
        }
        Files.write(copy, bytes);
        String what = f.getFileName() + " case " + k + " (" + bytes.length + " of " + full.length + " bytes)";
        // the format forced, as a caller that knows it would (detection may reject a cut header outright)
        Outcome viaPath = Outcome.read(copy, format);
        Outcome viaMemory = Outcome.read(ByteSource.wrap("mem://" + copy.getFileName(), bytes), format);
        viaPath.assertSame(viaMemory, what);
        byte[] padded = new byte[bytes.length + 14];
        Arrays.fill(padded, (byte) 0xA5);
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        viaPath.assertSame(Outcome.read(ByteSource.wrap("mem://" + copy.getFileName(),
            ByteBuffer.wrap(padded, 7, bytes.length)), format), what + " inside a larger heap array");
        if (viaMemory.error != null) {
          failures++;
          failed.add(format);
          assertTrue(viaMemory.error.getMessage().startsWith("mem://" + copy.getFileName()), what + ": "
              + viaMemory.error.getMessage());
          assertEquals("mem://" + copy.getFileName(), viaMemory.error.source(), what);
          if (viaMemory.error.offset() >= 0) {
            assertTrue(viaMemory.error.getMessage().contains(" @ byte " + viaMemory.error.offset() + ": "), what);
            assertTrue(viaMemory.error.offset() <= full.length, what + ": " + viaMemory.error.getMessage());
          }
        }
      }
    }
    // the damage reaches the decoders of every format (and is reported with an offset)
    assertEquals(EnumSet.allOf(EventFormat.class), failed, "formats that reported damage");
    assertTrue(failures >= fixtures.size(), "failures " + failures);
  }

  @Test
  void everyReaderOpensItsSourceOnceAndClosesItOnce() throws IOException {
    for (Path f : fixtures) {
      byte[] bytes = Files.readAllBytes(f);
      // a name that is no file: a reader re-opening "its file" by name would fail
      String name = dir.resolve("does-not-exist").resolve(f.getFileName()).toString();
      CountingSource src = new CountingSource(ByteSource.wrap(name, bytes));
      try (EventReader r = EventFiles.open(src)) {
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          assertEquals(0, src.closes, f + ": closed while reading");
        }
        assertEquals(name, r.info().source());
      }
      assertEquals(1, src.closes, f + ": closes");
      assertTrue(src.reads > 0 && src.bytes > 0, f + ": nothing read through the source");
      // opening as a format it is not: the failing constructor closes the source, once
      for (EventFormat other : List.of(EventFormat.ARROW, EventFormat.PARQUET, EventFormat.NPZ, EventFormat.MAT,
          EventFormat.AEDAT4, EventFormat.NPY)) {
        if (other == EventFiles.detect(f)) {
          continue;
        }
        CountingSource bad = new CountingSource(ByteSource.wrap(name, bytes));
        assertThrows(IOException.class, () -> EventFiles.open(bad, other, ReadOptions.DEFAULT), f + " as " + other);
        assertEquals(1, bad.closes, f + " as " + other + ": closes");
      }
    }
  }

  @Test
  void pathReadersHoldExactlyOneDescriptorOfTheFile() throws IOException {
    Path fd = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fd), "needs /proc/self/fd (Linux)");
    for (Path f : fixtures) {
      Path real = f.toRealPath();
      assertEquals(0, descriptorsOf(real), f + " open before the test");
      try (EventReader r = EventFiles.open(f)) {
        assertEquals(1, descriptorsOf(real), f + ": descriptors after open");
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          // read to the end: lazily opened streams would show up here
        }
        assertEquals(1, descriptorsOf(real), f + ": descriptors after reading");
      }
      assertEquals(0, descriptorsOf(real), f + ": descriptors after close");
    }
  }

  @Test
  void arrowReaderAllocatesFromTheCallersAllocator() throws IOException {
    Path arrow = fixtures.stream().filter(p -> p.toString().endsWith(".arrow")).findFirst().orElseThrow();
    try (BufferAllocator root = new RootAllocator();
        BufferAllocator task = root.newChildAllocator("task", 0, Long.MAX_VALUE)) {
      long events = 0;
      try (ArrowEventReader r = new ArrowEventReader(ByteSource.open(arrow), ReadOptions.DEFAULT, task)) {
        EventBatch b = new EventBatch();
        assertTrue(r.read(b));
        assertTrue(task.getAllocatedMemory() > 0, "record batch not in the caller's allocator");
        events += b.size();
        while (r.read(b)) {
          events += b.size();
        }
      }
      assertEquals(ByteSourceFixtures.Events.read(arrow).size(), events);
      assertEquals(0, task.getAllocatedMemory(), "buffers left in the caller's allocator after close");
      task.buffer(8).close(); // still open: the reader did not close it
    }
  }

  private static long descriptorsOf(Path real) throws IOException {
    long n = 0;
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        try {
          if (Files.readSymbolicLink(p).equals(real)) {
            n++;
          }
        } catch (IOException e) {
          // closed between listing and reading the link
        }
      }
    }
    return n;
  }

  /** Counts reads and closes; a read after close fails the test. */
  static final class CountingSource implements ByteSource {
    final ByteSource in;
    int closes;
    long reads;
    long bytes;

    CountingSource(ByteSource in) {
      this.in = in;
    }

    @Override
    public String name() {
      return in.name();
    }

    @Override
    public long size() {
      return in.size();
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      if (closes > 0) {
        throw new IllegalStateException(name() + ": read after close");
      }
      reads++;
      int r = in.read(position, dst);
      bytes += Math.max(0, r);
      return r;
    }

    @Override
    public void close() throws IOException {
      closes++;
      in.close();
    }
  }

  /** The message with the source name and identity hash codes (third-party toString()s) blanked. */
  static String normalized(EventFileException e) {
    return e.getMessage().replace(e.source(), "<source>").replaceAll("@[0-9a-f]{4,8}\\b", "@<hash>");
  }

  /** Everything a full read produces, or the exception it ends with (message with the source name blanked). */
  static final class Outcome {
    String source;
    EventFormat format;
    int width;
    int height;
    EventBatch events = new EventBatch(1024);
    Map<String, Long> skipped;
    long bytesRead;
    EventFileException error;

    static Outcome read(Path f) throws IOException {
      return read(f, ReadOptions.DEFAULT);
    }

    static Outcome read(Path f, ReadOptions o) throws IOException {
      Outcome out = new Outcome();
      try (EventReader r = EventFiles.open(f, o)) {
        out.drain(r);
      } catch (EventFileException e) {
        out.error = e;
      }
      return out;
    }

    static Outcome read(Path f, EventFormat format) throws IOException {
      Outcome out = new Outcome();
      try (EventReader r = EventFiles.open(f, format, ReadOptions.DEFAULT)) {
        out.drain(r);
      } catch (EventFileException e) {
        out.error = e;
      }
      return out;
    }

    static Outcome read(ByteSource s) throws IOException {
      return read(s, ReadOptions.DEFAULT);
    }

    static Outcome read(ByteSource s, ReadOptions o) throws IOException {
      Outcome out = new Outcome();
      try (EventReader r = EventFiles.open(s, o)) {
        out.drain(r);
      } catch (EventFileException e) {
        out.error = e;
      }
      return out;
    }

    static Outcome read(ByteSource s, EventFormat format) throws IOException {
      Outcome out = new Outcome();
      try (EventReader r = EventFiles.open(s, format, ReadOptions.DEFAULT)) {
        out.drain(r);
      } catch (EventFileException e) {
        out.error = e;
      }
      return out;
    }

    private void drain(EventReader r) throws IOException {
      source = r.info().source();
      format = r.info().format();
      width = r.info().width();
      height = r.info().height();
      EventBatch b = new EventBatch(3000); // not a divisor of any fixture's size: batches end mid-packet
      while (r.read(b)) {
        events.addAll(b);
      }
      skipped = Map.copyOf(r.skipped());
      bytesRead = r.bytesRead();
    }

    void assertSame(Outcome o, String what) {
      assertEquals(format, o.format, what);
      assertEquals(width, o.width, what);
      assertEquals(height, o.height, what);
      int n = events.size();
      assertEquals(n, o.events.size(), what + ": events");
      assertArrayEquals(Arrays.copyOf(events.t(), n), Arrays.copyOf(o.events.t(), n), what + ": t");
      assertArrayEquals(Arrays.copyOf(events.x(), n), Arrays.copyOf(o.events.x(), n), what + ": x");
      assertArrayEquals(Arrays.copyOf(events.y(), n), Arrays.copyOf(o.events.y(), n), what + ": y");
      assertArrayEquals(Arrays.copyOf(events.p(), n), Arrays.copyOf(o.events.p(), n), what + ": p");
      if (error == null) {
        assertNull(o.error, what);
        assertEquals(skipped, o.skipped, what + ": skipped");
        assertEquals(bytesRead, o.bytesRead, what + ": bytesRead");
      } else {
        assertNotNull(o.error, what + ": the file path failed with " + error.getMessage());
        assertEquals(error.offset(), o.error.offset(), what + ": offset");
        assertEquals(normalized(error), normalized(o.error), what + ": message");
      }
    }
  }

}
