package org.neurospark.events.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.events.EventFileException;

/** The sensor size in Arrow/Parquet metadata, shared by both readers. */
class EventSchemaSensorSizeTest {
  private static final Path F = Path.of("x.parquet");

  @Test
  void readsOrDefaultsOrFails() throws EventFileException {
    assertArrayEquals(new int[] {346, 260},
        EventSchema.sensorSize(F, Map.of(EventSchema.WIDTH, "346", EventSchema.HEIGHT, "260"), "m"));
    assertArrayEquals(new int[] {0, 0}, EventSchema.sensorSize(F, Map.of(), "m"));
    EventFileException e = assertThrows(EventFileException.class, () -> EventSchema.sensorSize(F,
        Map.of(EventSchema.WIDTH, "wide", EventSchema.HEIGHT, "260"), "Parquet key-value metadata"));
    assertEquals(-1, e.offset());
    assertTrue(e.getMessage().contains("Parquet key-value metadata neurospark.width = 'wide', neurospark.height ="
        + " '260' (expected integers)"), e.getMessage());
    assertTrue(e.getMessage().contains("x.parquet"), e.getMessage());
  }
}
