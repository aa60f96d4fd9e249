package org.neurospark.events.format.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.PythonNumpy;
import org.neurospark.events.testing.SharedData;

/** Converting a real recording to .npy/.npz and reading it back (and, when available, with NumPy). */
class NumpyEventWriterTest {
  @TempDir
  Path dir;

  @Test
  void nmnistRoundTripsThroughNpyAndNpz() throws IOException {
    Path bin = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    EventBatch all = NumpyEventReaderTest.readAll(bin, 4096);
    Path npy = dir.resolve("ev.npy");
    try (EventReader r = EventFiles.open(bin); NumpyEventWriter w = NumpyEventWriter.open(npy)) {
      EventBatch b = new EventBatch(1000); // several appends
      while (r.read(b)) {
        w.write(b);
      }
      assertEquals(4325, w.events());
    }
    Path npz = dir.resolve("ev.npz");
    NumpyEventWriter.writeNpz(npz, all, true);
    for (Path f : new Path[] {npy, npz}) {
      EventBatch back = NumpyEventReaderTest.readAll(f, 777);
      assertEquals(4325, back.size());
      assertArrayEquals(java.util.Arrays.copyOf(all.t(), 4325), java.util.Arrays.copyOf(back.t(), 4325));
      assertArrayEquals(java.util.Arrays.copyOf(all.x(), 4325), java.util.Arrays.copyOf(back.x(), 4325));
      assertArrayEquals(java.util.Arrays.copyOf(all.y(), 4325), java.util.Arrays.copyOf(back.y(), 4325));
      assertArrayEquals(java.util.Arrays.copyOf(all.p(), 4325), java.util.Arrays.copyOf(back.p(), 4325));
    }
    if (PythonNumpy.available()) {
      int rc = PythonNumpy.runCode(dir, "import numpy as np\n"
          + "a = np.load('ev.npy'); z = np.load('ev.npz')\n"
          + "assert a.shape == (4325,) and a.dtype.names == ('t', 'x', 'y', 'p'), a.dtype\n"
          + "assert tuple(int(v) for v in a[0]) == (654, 7, 15, 1), a[0]\n"
          + "assert (z['t'] == a['t']).all() and (z['x'] == a['x']).all() and (z['p'] == a['p']).all()\n"
          + "assert int(a['p'].sum()) == 2145\n");
      assertEquals(0, rc, "numpy rejected the files");
    }
    EventBatch bad = EventBatch.wrap(new long[] {0}, new int[] {70_000}, new int[] {0}, new byte[] {0}, 1);
    assertThrows(IllegalArgumentException.class, () -> NumpyEventWriter.writeNpz(dir.resolve("bad.npz"), bad, false));
  }
}
