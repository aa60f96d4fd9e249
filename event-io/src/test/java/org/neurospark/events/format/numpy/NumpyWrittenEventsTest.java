package org.neurospark.events.format.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.testing.PythonNumpy;

/** Event caches written by NumPy itself (np.savez, np.savez_compressed, np.save of structured arrays). */
class NumpyWrittenEventsTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void generate() throws IOException {
    assumeTrue(PythonNumpy.available(), "python3 with numpy not installed");
    PythonNumpy.runScript("/numpy/make_fixtures.py", dir, dir.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sj_int64.npz", "sj_compressed_mixed.npz", "sj_float_bool.npz", "sj_bigendian.npz",
      "sj_extra_key.npz", "tonic_structured.npy", "aligned_structured.npy", "holey_structured.npy"})
  void readsNumpyWrittenEvents(String name) throws IOException {
    EventBatch all = NumpyEventReaderTest.readAll(dir.resolve(name), 333);
    assertEquals(1000, all.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(1000 + 7L * i, all.t()[i], name);
      assertEquals((3 * i) % 40, all.x()[i], name);
      assertEquals((5 * i) % 30, all.y()[i], name);
      assertEquals(i % 2, all.p()[i], name);
    }
  }

  @ParameterizedTest
  @CsvSource({"bad_missing_p.npz, missing array 'p'", "bad_nan_x.npz, row 17", "bad_negative_y.npz, row 23",
      "bad_polarity.npz, row 5", "bad_lengths.npz, equal length", "bad_2d.npz, expected 1-D"})
  void rejectsBadNumpyCaches(String name, String expected) {
    EventFileException e = assertThrows(EventFileException.class,
        () -> NumpyEventReaderTest.readAll(dir.resolve(name), 1000));
    assertTrue(e.getMessage().contains(name) && e.getMessage().contains(expected), e.getMessage());
  }
}
