package org.neurospark.events.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.IntVector;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.MemoryByteSource;
import org.neurospark.events.io.VectorSupport;

/** Test helper: a reader's Vector API loop against its plain loop on the same bytes. */
public final class VectorLoops {
  /** Batch capacities each comparison runs with: the default, and two that end batches inside vectors. */
  private static final int[] CAPACITIES = {EventBatch.DEFAULT_CAPACITY, 1000, 37};

  private VectorLoops() {}

  /** Opens a reader over {@code source} with the vector loop on or off. */
  @FunctionalInterface
  public interface Opener {
    EventReader open(ByteSource source, boolean vector) throws IOException;
  }

  /**
   * Asserts that the vector loops run in this JVM, at the width the surefire execution asks for
   * ({@code neurospark.test.vectorBits}, set by the 256-bit run in event-io/pom.xml).
   */
  public static void assertActive() {
    assertTrue(VectorSupport.enabled(), "the tests run with --add-modules jdk.incubator.vector");
    String bits = System.getProperty("neurospark.test.vectorBits");
    if (bits != null) {
      assertEquals(Integer.parseInt(bits), IntVector.SPECIES_PREFERRED.vectorBitSize());
    }
  }

  /**
   * Decodes {@code file} with both loops at each batch capacity, asserts equal {@link Events#transcript transcripts}
   * and returns the plain loop's, one per capacity.
   */
  public static List<List<String>> assertAgree(byte[] file, Opener opener, String what) throws IOException {
    List<List<String>> plain = new ArrayList<>();
    for (int capacity : CAPACITIES) {
      List<String> p = Events.transcript(opener.open(new MemoryByteSource("m", ByteBuffer.wrap(file)), false),
          capacity);
      assertEquals(p, Events.transcript(opener.open(new MemoryByteSource("m", ByteBuffer.wrap(file)), true),
          capacity), what + ", batch " + capacity);
      plain.add(p);
    }
    return plain;
  }
}
