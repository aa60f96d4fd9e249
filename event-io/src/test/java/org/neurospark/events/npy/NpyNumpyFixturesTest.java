package org.neurospark.events.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.events.testing.PythonNumpy;

/** Reads arrays that NumPy itself wrote (every dtype, byte order, memory order, format version). */
class NpyNumpyFixturesTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void generate() throws IOException {
    assumeTrue(PythonNumpy.available(), "python3 with numpy not installed");
    PythonNumpy.runScript("/numpy/make_fixtures.py", dir, dir.toString());
  }

  @Test
  void everyPlainDtypeOrderAndVersionMatchesNumpy() throws IOException {
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    int checked = 0;
    for (Map.Entry<String, JsonNode> e : expected.properties()) {
      NpyArray a = NpyArray.read(dir.resolve(e.getKey()));
      JsonNode shape = e.getValue().get("shape");
      long[] want = new long[shape.size()];
      for (int i = 0; i < want.length; i++) {
        want[i] = shape.get(i).asLong();
      }
      assertArrayEquals(want, a.shape(), e.getKey());
      assertEquals(e.getValue().get("fortran").asBoolean(), a.header().fortranOrder(), e.getKey());
      double[] got = a.toDoubles();
      JsonNode vals = e.getValue().get("values");
      assertEquals(vals.size(), got.length, e.getKey());
      for (int i = 0; i < got.length; i++) {
        assertEquals(vals.get(i).asDouble(), got[i], 0.0, e.getKey() + " element " + i);
      }
      if (a.header().scalar().isIntegral()) {
        long[] l = a.toLongs();
        for (int i = 0; i < l.length; i++) {
          assertEquals((long) vals.get(i).asDouble(), l[i], e.getKey() + " element " + i);
        }
      }
      float[] f = a.toFloats();
      for (int i = 0; i < f.length; i++) {
        assertEquals((float) vals.get(i).asDouble(), f[i], 0f, e.getKey() + " element " + i);
      }
      checked++;
    }
    assertEquals(11 * 2 * 2 + 3, checked);
    assertEquals(3, NpyArray.read(dir.resolve("version_3.npy")).header().major());
    assertEquals(2, NpyArray.read(dir.resolve("version_2.npy")).header().major());
  }

  @Test
  void structuredDtypesWithPaddingAndOffsets() throws IOException {
    for (String name : new String[] {"tonic_structured.npy", "aligned_structured.npy", "holey_structured.npy"}) {
      NpyArray a = NpyArray.read(dir.resolve(name));
      assertTrue(a.header().isStructured(), name);
      long[] t = a.fieldAsLongs("t");
      double[] x = a.fieldAsDoubles("x");
      long[] y = a.fieldAsLongs("y");
      long[] p = a.fieldAsLongs("p");
      assertEquals(1000, t.length);
      for (int i = 0; i < 1000; i++) {
        assertEquals(1000 + 7L * i, t[i], name);
        assertEquals((3 * i) % 40, x[i], 0.0, name);
        assertEquals((5 * i) % 30, y[i], name);
        assertEquals(i % 2, p[i], name);
      }
    }
    NpyHeader h = NpyArray.read(dir.resolve("holey_structured.npy")).header();
    assertEquals(32, h.itemSize());
    assertEquals(4, h.field("t").offset());
    assertTrue(h.field("t").dtype().bigEndian());
    assertEquals(24, h.field("y").offset());
  }

  @Test
  void numpyReadsWhatJavaWrites() throws IOException {
    float[] data = new float[2 * 3 * 5];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0.25f - 1;
    }
    NpyWriter.writeFloat32(dir.resolve("java_f4.npy"), data, 2, 3, 5);
    try (NpzWriter z = new NpzWriter(dir.resolve("java.npz"), true)) {
      z.addFloat32("a", new float[] {1.5f, -2f});
    }
    int rc = PythonNumpy.runCode(dir, "import numpy as np\n"
        + "a = np.load('java_f4.npy')\n"
        + "assert a.dtype == np.float32 and a.shape == (2, 3, 5), (a.dtype, a.shape)\n"
        + "assert (a.ravel() == np.arange(30, dtype=np.float32) * 0.25 - 1).all()\n"
        + "z = np.load('java.npz')\n"
        + "assert list(z['a']) == [1.5, -2.0]\n");
    assertEquals(0, rc, "numpy could not read Java's files");
  }
}
