package org.neurospark.events;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

/**
 * Seeded mutation fuzzing of every reader registered in {@link EventFiles}: each real fixture under
 * {@code shared/data/events} whose detected format has a reader at run time (so formats added later are covered
 * automatically) is mutated (bit flips, byte overwrites, insertions/deletions, truncation, garbage headers, empty
 * file) and read to the end, both through detection and with the format forced. Every read must either succeed with
 * events inside the declared sensor and polarity 0/1, or throw {@link EventFileException}; any other exception, a
 * hang (timeout) or an OutOfMemoryError fails.
 */
class FuzzTest {
  /** Mutations per fixture (16 fixtures in 5 formats today → several thousand reads). */
  static final int MUTATIONS_PER_FILE = 200;
  /** Mutated files are cut to this many bytes first, to keep the run short (headers up to 175 kB stay whole). */
  static final int MAX_BASE_BYTES = 256 * 1024;
  static final long TIMEOUT_S = 20;

  static ExecutorService pool;
  static volatile long ok;
  static volatile long rejected;

  @BeforeAll
  static void start() {
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-reader");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  /** Real fixtures whose format has a registered reader. */
  static List<Path> fixtures() throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(SharedData.data("events"))) {
      all = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    List<Path> readable = new ArrayList<>();
    for (Path f : all) {
      EventFormat fmt;
      try {
        fmt = EventFiles.detect(f);
      } catch (EventFileException e) {
        continue; // not an event recording (labels, .mat, ...)
      }
      try {
        EventFiles.open(f, fmt, ReadOptions.DEFAULT).close();
        readable.add(f);
      } catch (EventFileException e) {
        if (!e.getMessage().contains("no reader for format")) {
          readable.add(f); // a reader exists; this fixture is deliberately malformed (e.g. Mibblez filler)
        }
      }
    }
    return readable;
  }

  @Test
  void mutatedFixturesEitherDecodeOrRaiseEventFileException(@TempDir Path dir) throws Exception {
    List<Path> files = fixtures();
    assertTrue(files.size() >= 16, "expected the real fixtures of at least 5 formats, found " + files);
    long reads = 0;
    ok = 0;
    rejected = 0;
    for (int fi = 0; fi < files.size(); fi++) {
      Path src = files.get(fi);
      EventFormat fmt = EventFiles.detect(src);
      byte[] full = Files.readAllBytes(src);
      byte[] base = Arrays.copyOf(full, Math.min(full.length, MAX_BASE_BYTES));
      Random rnd = new Random(0x5EED0000L + fi);
      Path dst = dir.resolve(src.getFileName().toString()); // same name, so extension-based detection still applies
      for (int m = 0; m < MUTATIONS_PER_FILE; m++) {
        byte[] mutated = m == 0 ? new byte[0] : mutate(base, rnd, m);
        Files.write(dst, mutated);
        String what = src.getFileName() + " mutation " + m + " (" + mutated.length + " bytes)";
        check(dst, null, what);
        check(dst, fmt, what + " as " + fmt);
        reads += 2;
      }
    }
    assertTrue(reads >= 5000, "reads " + reads);
    System.out.println("fuzz: " + files.size() + " fixtures, " + reads + " reads, " + ok + " decoded, " + rejected
        + " rejected with EventFileException");
    // both outcomes must occur, or the mutations are not reaching the decoders
    assertTrue(ok > reads / 20 && rejected > reads / 20, "decoded " + ok + ", rejected " + rejected);
  }

  static byte[] mutate(byte[] base, Random rnd, int m) {
    byte[] b = base.clone();
    int n = b.length;
    switch (m % 7) {
      case 0: { // bit flips anywhere
        int k = 1 + rnd.nextInt(8);
        for (int i = 0; i < k; i++) {
          int at = rnd.nextInt(n);
          b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
      }
      case 1: { // random byte overwrites
        int k = 1 + rnd.nextInt(16);
        for (int i = 0; i < k; i++) {
          b[rnd.nextInt(n)] = (byte) rnd.nextInt(256);
        }
        return b;
      }
      case 2: // truncation at a random offset
        return Arrays.copyOf(b, rnd.nextInt(n));
      case 3: { // garbage header: the first bytes replaced by random (mostly printable) text
        int k = 1 + rnd.nextInt(Math.min(n, 96));
        for (int i = 0; i < k; i++) {
          int r = rnd.nextInt(10);
          b[i] = (byte) (r == 0 ? '\n' : r == 1 ? rnd.nextInt(256) : 32 + rnd.nextInt(95));
        }
        if (rnd.nextBoolean()) {
          b[0] = base[0]; // keep the marker so the header parser sees the garbage
        }
        return b;
      }
      case 4: { // flips and overwrites in the header region
        int region = Math.min(n, 1024);
        int k = 1 + rnd.nextInt(6);
        for (int i = 0; i < k; i++) {
          int at = rnd.nextInt(region);
          b[at] = rnd.nextBoolean() ? (byte) rnd.nextInt(256) : (byte) (b[at] ^ (1 << rnd.nextInt(8)));
        }
        return b;
      }
      case 5: { // insert or delete a few bytes (breaks record alignment)
        int at = rnd.nextInt(n);
        int k = 1 + rnd.nextInt(7);
        if (rnd.nextBoolean()) {
          byte[] out = new byte[n + k];
          System.arraycopy(b, 0, out, 0, at);
          for (int i = 0; i < k; i++) {
            out[at + i] = (byte) rnd.nextInt(256);
          }
          System.arraycopy(b, at, out, at + k, n - at);
          return out;
        }
        int cut = Math.min(k, n - at);
        byte[] out = new byte[n - cut];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + cut, out, at, n - at - cut);
        return out;
      }
      default: { // a run of 0xFF / 0x00 / random words somewhere in the data
        int at = rnd.nextInt(n);
        int k = Math.min(n - at, 1 + rnd.nextInt(64));
        int kind = rnd.nextInt(3);
        for (int i = 0; i < k; i++) {
          b[at + i] = kind == 0 ? (byte) 0xFF : kind == 1 ? 0 : (byte) rnd.nextInt(256);
        }
        return b;
      }
    }
  }

  /** Reads {@code f} fully (detected or forced format) in the pool thread, with a timeout. */
  static void check(Path f, EventFormat format, String what) throws InterruptedException {
    Future<String> fut = pool.submit(() -> {
      try (EventReader r = format == null ? EventFiles.open(f) : EventFiles.open(f, format, ReadOptions.DEFAULT)) {
        RecordingInfo info = r.info();
        EventBatch b = new EventBatch(4096);
        while (r.read(b)) {
          for (int i = 0; i < b.size(); i++) {
            int x = b.x()[i];
            int y = b.y()[i];
            int p = b.p()[i];
            if (x < 0 || y < 0 || (p != 0 && p != 1)
                || (info.hasSensorSize() && (x >= info.width() || y >= info.height()))) {
              return "event outside the declared sensor or polarity: x " + x + " y " + y + " p " + p + " in "
                  + info.width() + "x" + info.height();
            }
          }
        }
        ok++;
        return null;
      } catch (EventFileException e) {
        rejected++;
        if (!e.getMessage().contains(f.getFileName().toString())) {
          return "EventFileException without the file name: " + e.getMessage();
        }
        return null;
      }
    });
    try {
      String problem = fut.get(TIMEOUT_S, TimeUnit.SECONDS);
      if (problem != null) {
        fail(what + ": " + problem);
      }
    } catch (TimeoutException e) {
      fut.cancel(true);
      fail(what + ": no result within " + TIMEOUT_S + " s (hang?)");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new AssertionError(what + ": " + c.getClass().getName() + " instead of EventFileException: "
          + c.getMessage(), c);
    }
  }
}
