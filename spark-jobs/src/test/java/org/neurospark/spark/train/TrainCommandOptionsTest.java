package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.cli.UsageException;

/** {@link TrainCommand#options}: the command line of {@code spark train} as {@link TrainOptions}, no Spark needed. */
class TrainCommandOptionsTest {
  @Test
  void flagsBecomeOptionsWithTheCommandsDefaults() {
    TrainOptions o = TrainCommand.options(List.of("--tables", "t", "--out", "r", "--model", "plif-nmnist",
        "--channels", "8", "--workers", "2", "--sync-every", "3", "--epochs", "4", "--batch", "6", "--lr", "0.02",
        "--master", "local[2]", "--json"));
    assertEquals(new TrainOptions("t", "r", "plif-nmnist", 8, 2, 3, 4, 0, 6, "adam", 0.02, 0.9, "cosine", "mse", 2020,
        0, Averaging.RING, true, false, 3, 600, null), o);
    TrainOptions tree = TrainCommand.options(List.of("--tables", "t", "--out", "r", "--model", "plif-nmnist",
        "--workers", "3", "--sync-every", "1", "--averaging", "tree", "--opt", "sgd", "--schedule", "const",
        "--resume"));
    assertEquals(TrainOptions.defaults("t", "r", "plif-nmnist", 3, 1), new TrainOptions(tree.tables(), tree.out(),
        tree.model(), tree.channels(), tree.workers(), tree.syncEvery(), tree.epochs(), tree.maxRounds(),
        tree.batch(), "adam", tree.lr(), tree.momentum(), "cosine", tree.loss(), tree.seed(), tree.threads(),
        Averaging.RING, tree.averageOptimizerState(), false, tree.maxAttempts(), tree.ioTimeoutSeconds(), null));
    assertEquals(Averaging.TREE, tree.averaging());
    assertEquals("sgd", tree.optimizer());
    assertEquals("const", tree.schedule());
    assertTrue(tree.resume());
  }

  @Test
  void badCommandLinesAreUsageErrors() {
    UsageException e = assertThrows(UsageException.class, () -> TrainCommand.options(List.of("--tables", "t",
        "--out", "r", "--model", "plif-nmnist", "--sync-every", "2")));
    assertTrue(e.getMessage().contains("--workers"), e.getMessage());
    e = assertThrows(UsageException.class, () -> TrainCommand.options(List.of("--tables", "t", "--out", "r",
        "--model", "no-such-net", "--workers", "2", "--sync-every", "2")));
    assertTrue(e.getMessage().contains("no-such-net"), e.getMessage());
    assertThrows(UsageException.class, () -> TrainCommand.options(List.of("--tables", "t", "--out", "r", "--model",
        "plif-nmnist", "--workers", "2", "--sync-every", "0")));
  }
}
