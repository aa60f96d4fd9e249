package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StDType;
import org.neurospark.snn.io.StEntry;
import org.neurospark.snn.train.TrainerState;
import org.neurospark.snn.train.TrainingCheckpoint;

/** The commit protocol of {@link RunDirectory} at the points where a killed writer can leave it. */
class RunDirectoryTest {
  @TempDir
  Path tmp;

  private static TrainingCheckpoint checkpoint(int round) {
    SafeTensors m = new SafeTensors().put("w", new StEntry(StDType.F32, new long[] {1},
        new byte[] {(byte) round, 0, 0, 0}));
    return TrainingCheckpoint.of(m, new SafeTensors(), new TrainerState(0, round + 1, round + 1, 0, 0, 0, -1, -1,
        1e-3, "const", 7, List.of()));
  }

  private static RoundRecord record(int round) {
    return new RoundRecord(round, 0, round + 1, 8, 0.5, 0.25, 2, 0, 0.1);
  }

  private RunDirectory committed(int rounds) throws IOException {
    RunDirectory run = new RunDirectory(tmp.resolve("run").toString(), new Configuration(false));
    run.fence(0);
    for (int r = 0; r < rounds; r++) {
      run.commit(record(r), checkpoint(r));
    }
    return run;
  }

  @Test
  void aCommitStoppedBetweenDeleteAndRenameIsFinishedNotLost() throws IOException {
    RunDirectory run = committed(2);
    Path rounds = tmp.resolve("run/rounds.jsonl");
    Path next = tmp.resolve("run/rounds.jsonl.next");
    // the writer died after deleting rounds.jsonl, before renaming the complete .next over it
    Files.move(rounds, next);
    Files.deleteIfExists(tmp.resolve("run/.rounds.jsonl.crc"));
    assertEquals(2, run.rounds().size(), "the complete .next is the committed file");
    run.discardUncommitted(run.rounds().size() - 1);
    assertTrue(Files.exists(rounds), "the commit was finished");
    assertFalse(Files.exists(next));
    assertEquals(2, run.rounds().size());
    run.commit(record(2), checkpoint(2));
    assertEquals(3, run.rounds().size());
    assertEquals(3, run.checkpoint(2).state().globalStep());
  }

  @Test
  void aNextFileCutShortBesideTheRoundsFileIsDiscarded() throws IOException {
    RunDirectory run = committed(1);
    Path next = tmp.resolve("run/rounds.jsonl.next");
    // the writer died while writing .next (the old rounds.jsonl still in place)
    Files.writeString(next, record(0).toJson() + "\n{\"round\": 1, \"epo", StandardCharsets.UTF_8);
    assertEquals(1, run.rounds().size());
    run.discardUncommitted(0);
    assertFalse(Files.exists(next));
    assertEquals(1, run.rounds().size());
  }

  @Test
  void checkpointsOfUncommittedRoundsAreRemoved() throws IOException {
    RunDirectory run = committed(2);
    // a failed attempt renamed round 2's checkpoint into place but died before its line was written
    run.fence(1);
    Files.createDirectories(tmp.resolve("run/checkpoints/round-000002"));
    Files.createDirectories(tmp.resolve("run/checkpoints/.round-3-tmp"));
    run.discardUncommitted(1);
    try (var s = Files.list(tmp.resolve("run/checkpoints"))) {
      assertEquals(List.of("round-000000", "round-000001"), s.map(p -> p.getFileName().toString()).sorted()
          .toList());
    }
  }
}
