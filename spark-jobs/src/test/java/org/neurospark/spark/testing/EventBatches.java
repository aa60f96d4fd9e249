package org.neurospark.spark.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.neurospark.events.EventBatch;

/** Assertions on {@link EventBatch}es. */
public final class EventBatches {
  private EventBatches() {}

  /** {@code got} holds the same events as {@code want}: count, then t, x, y and p element by element. */
  public static void assertSameEvents(EventBatch want, EventBatch got, String what) {
    assertEquals(want.size(), got.size(), what + " events");
    assertArrayEquals(Arrays.copyOf(want.t(), want.size()), Arrays.copyOf(got.t(), got.size()), what + " t");
    assertArrayEquals(Arrays.copyOf(want.x(), want.size()), Arrays.copyOf(got.x(), got.size()), what + " x");
    assertArrayEquals(Arrays.copyOf(want.y(), want.size()), Arrays.copyOf(got.y(), got.size()), what + " y");
    assertArrayEquals(Arrays.copyOf(want.p(), want.size()), Arrays.copyOf(got.p(), got.size()), what + " p");
  }
}
