package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TablesLock} on a local folder: exclusive (also under a race), released, stale locks taken over. */
class TablesLockTest {
  @TempDir Path dir;

  @Test
  void heldLockRefusesOthersAndIsReleased() throws IOException {
    String tables = dir.resolve("tables").toString();
    try (TablesLock lock = TablesLock.acquire(tables, new Configuration(), "ingest", "run-1")) {
      Path file = dir.resolve("tables").resolve(TablesLock.FILE_NAME);
      String content = Files.readString(file);
      assertTrue(content.contains("job=ingest\n") && content.contains("run=run-1\n")
          && content.contains("pid=" + ProcessHandle.current().pid() + "\n"), content);
      TablesLockedException e = assertThrows(TablesLockedException.class,
          () -> TablesLock.acquire("file:" + tables, new Configuration(), "frames", "run-2"));
      assertTrue(e.getMessage().contains("run-1") && e.getMessage().contains("ingest"), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("tables").resolve(TablesLock.FILE_NAME)));
    TablesLock.acquire(tables, new Configuration(), "frames", "run-3").close();
  }

  @Test
  void staleLockOfDeadProcessIsTakenOverWithItsChecksumFile() throws Exception {
    Path tables = Files.createDirectories(dir.resolve("tables"));
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(tables.resolve(TablesLock.FILE_NAME), "host=" + host + "\npid=" + dead.pid()
        + "\njob=ingest\nrun=killed\nstarted=2026-01-01T00:00:00Z\n");
    // an older version created the lock through Hadoop's local file system, which wrote a checksum file beside it
    Files.writeString(tables.resolve("." + TablesLock.FILE_NAME + ".crc"), "crc");
    try (TablesLock lock = TablesLock.acquire(tables.toString(), new Configuration(), "ingest", "next")) {
      assertTrue(Files.readString(tables.resolve(TablesLock.FILE_NAME)).contains("run=next\n"));
    }
    try (var left = Files.list(tables)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void exactlyOneOfRacingAcquirersWins() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 50; round++) {
        String tables = dir.resolve("race-" + round).toString();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<TablesLock>> got = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String run = "run-" + t;
          got.add(pool.submit(() -> {
            start.await();
            try {
              return TablesLock.acquire(tables, new Configuration(), "ingest", run);
            } catch (TablesLockedException e) {
              return null;
            }
          }));
        }
        int winners = 0;
        for (Future<TablesLock> f : got) {
          TablesLock l = f.get();
          if (l != null) {
            winners++;
            String content = Files.readString(Path.of(tables, TablesLock.FILE_NAME));
            assertTrue(content.contains("run=" + l.run() + "\n"), content);
          }
        }
        assertEquals(1, winners, "round " + round);
        for (Future<TablesLock> f : got) {
          if (f.get() != null) {
            f.get().close();
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
