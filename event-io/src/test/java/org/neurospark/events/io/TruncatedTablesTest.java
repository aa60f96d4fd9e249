package org.neurospark.events.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.ArrowEventWriter;
import org.neurospark.events.parquet.ParquetEventWriter;
import org.neurospark.events.testing.SharedData;

/** A Parquet or Arrow file cut short says so in the user's terms (not the library's "footer: null"). */
class TruncatedTablesTest {
  @TempDir
  Path dir;

  @Test
  void truncatedParquetAndArrowFilesNameTheMissingFooter() throws Exception {
    Path src = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    Path pq = dir.resolve("t.parquet");
    Path ar = dir.resolve("t.arrow");
    try (EventReader r = EventFiles.open(src, ReadOptions.DEFAULT)) {
      RecordingInfo info = r.info();
      EventBatch b = new EventBatch();
      try (ParquetEventWriter w = new ParquetEventWriter(pq, info,
          org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD);
          ArrowEventWriter a = new ArrowEventWriter(ar, info)) {
        while (r.read(b)) {
          w.write(b);
          a.write(b);
        }
      }
    }
    for (Path f : new Path[] {pq, ar}) {
      byte[] all = Files.readAllBytes(f);
      Path cut = Files.write(dir.resolve("cut-" + f.getFileName()), Arrays.copyOf(all, all.length - 7));
      EventFileException e = assertThrows(EventFileException.class, () -> EventFiles.open(cut, ReadOptions.DEFAULT)
          .close());
      assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("footer missing"), e.getMessage());
      assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
      Path tiny = Files.write(dir.resolve("tiny-" + f.getFileName()), Arrays.copyOf(all, 10));
      EventFileException t = assertThrows(EventFileException.class, () -> EventFiles.open(tiny, ReadOptions.DEFAULT)
          .close());
      assertEquals(0, t.offset(), t.getMessage());
      assertTrue(t.getMessage().contains("too short"), t.getMessage());
    }
  }
}
