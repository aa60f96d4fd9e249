package org.neurospark.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.dataset.Sample;

class SampleListerTest {
  @Test
  void listsEveryRecordingInCatalogOrderWithItsOwnSizeAndTime(@TempDir Path tmp) throws IOException {
    // 1,200 recordings: more than two stat chunks, so several threads stat them
    for (String split : new String[] {"Train", "Test"}) {
      for (int label = 0; label < 10; label++) {
        Path dir = Files.createDirectories(tmp.resolve(split).resolve(Integer.toString(label)));
        for (int k = 0; k < 60; k++) {
          Path f = Files.write(dir.resolve(String.format("%05d.bin", 7 * k % 60)), new byte[k + label]);
          Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L + 1000L * k + label));
        }
      }
    }
    List<Sample> catalog = IngestCatalogs.catalog("nmnist").list(tmp);
    List<FileWork> listed = SampleLister.list("nmnist", tmp);
    assertEquals(1200, listed.size());
    for (int i = 0; i < listed.size(); i++) {
      FileWork w = listed.get(i);
      Path f = catalog.get(i).file().toAbsolutePath().normalize();
      assertEquals(f.toString(), w.path(), "position " + i);
      assertEquals(Files.size(f), w.sizeBytes(), w.path());
      assertEquals(Files.getLastModifiedTime(f).toMillis(), w.modifiedMs(), w.path());
      assertEquals(1, w.samples().size());
      assertEquals(tmp.relativize(f).toString(), w.samples().get(0).sampleId());
    }
    listed.add(listed.get(0)); // callers get a list of their own
  }

  @Test
  void runsEachIndexOnceAndThrowsTheFirstFailure() throws IOException {
    for (int n : new int[] {0, 1, 511, 513, 1024, 5000}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, n));
      SampleLister.forEachIndex(n, seen::incrementAndGet);
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen.get(i), "n " + n + " index " + i);
      }
    }
    IOException gone = new NoSuchFileException("/recordings/Train/3/00042.bin");
    assertSame(gone, assertThrows(IOException.class, () -> SampleLister.forEachIndex(5000, i -> {
      if (i == 3333) {
        throw gone;
      }
    })));
    assertThrows(IllegalStateException.class, () -> SampleLister.forEachIndex(5000, i -> {
      if (i == 17) {
        throw new IllegalStateException("boom");
      }
    }));
  }
}
