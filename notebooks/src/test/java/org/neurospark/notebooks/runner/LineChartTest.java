package org.neurospark.notebooks.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link LineChart}: Zeppelin's lineChart display of a {@code %table}, as SVG. */
class LineChartTest {
  private static String svg(String table) {
    StringBuilder sb = new StringBuilder();
    LineChart.svg(sb, table);
    return sb.toString();
  }

  @Test
  void aLinePerNumericColumnAndAPointPerRow() {
    String s = svg("round\tloss\tname\taccuracy\n0\t0.1\ta\t0.25\n1\t0.08\tb\t0.5\n2\t0.06\tc\t0.75\n");
    assertEquals(2, s.split("<polyline ", -1).length - 1, s);
    assertEquals(6, s.split("<circle ", -1).length - 1, s);
    assertTrue(s.contains("<title>round 2 accuracy: 0.750</title>"), s);
  }

  @Test
  void theLineSpansThePlot() {
    // x from 60 to 750 px; y spans the values shown: the highest at the top (20 px), the lowest at the bottom (220 px)
    String s = svg("round\tloss\n0\t0.1\n1\t0.08\n2\t0.06\n");
    assertTrue(s.contains("points=\"60.0,20.0 405.0,120.0 750.0,220.0\""), s);
  }

  @Test
  void nothingToDrawWithoutNumbers() {
    assertEquals("", svg("layer\tname\nconv\ta\n"));
    assertEquals("", svg("layer\trate\nconv.2\t0.1\nconv.6\t0.2\n"));
    assertEquals("", svg("round\tloss\n"));
  }
}
