package org.neurospark.notebooks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of a {@code %table} as inline SVG, standing in for Zeppelin's {@code lineChart} display: the first
 * column is x (numeric, rows in table order), every further numeric column is one line (at most five). The y axis
 * spans the values shown (as Zeppelin's chart does), with five labelled ticks.
 */
final class LineChart {
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};

  private LineChart() {}

  static void svg(StringBuilder sb, String table) {
    String[] lines = table.split("\n");
    if (lines.length < 2) {
      return;
    }
    String[] header = lines[0].split("\t", -1);
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split("\t", -1);
      double[] r = new double[header.length];
      for (int c = 0; c < header.length; c++) {
        r[c] = c < cells.length ? number(cells[c]) : Double.NaN;
      }
      rows.add(r);
    }
    List<Integer> series = new ArrayList<>();
    for (int c = 1; c < header.length && series.size() < COLOURS.length; c++) {
      boolean numeric = true;
      for (double[] r : rows) {
        numeric &= !Double.isNaN(r[c]);
      }
      if (numeric) {
        series.add(c);
      }
    }
    for (double[] r : rows) {
      if (Double.isNaN(r[0])) {
        return; // x is not numeric: nothing to draw
      }
    }
    if (series.isEmpty()) {
      return;
    }
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (double[] r : rows) {
      xMin = Math.min(xMin, r[0]);
      xMax = Math.max(xMax, r[0]);
      for (int c : series) {
        yMin = Math.min(yMin, r[c]);
        yMax = Math.max(yMax, r[c]);
      }
    }
    if (xMax == xMin) {
      xMax = xMin + 1;
    }
    if (yMax == yMin) {
      yMax = yMin + Math.max(1e-9, Math.abs(yMin) * 0.1);
    }
    int w = 760;
    int h = 260;
    int left = 60;
    int right = 10;
    int top = 20;
    int bottom = 40;
    int plotW = w - left - right;
    int plotH = h - top - bottom;
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
        .append("\" style=\"background:#fff;display:block\">");
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, top,
        left, h - bottom));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left,
        h - bottom, w - right, h - bottom));
    for (int k = 0; k <= 4; k++) {
      double v = yMin + (yMax - yMin) * k / 4;
      double y = h - bottom - plotH * k / 4.0;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
          left + 1, y, w - right, y));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
          left - 4, y + 3, label(v)));
    }
    int step = (int) Math.ceil(rows.size() / 20.0);
    for (int i = 0; i < rows.size(); i += step) {
      double x = rows.get(i)[0];
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s"
          + "</text>", left + plotW * (x - xMin) / (xMax - xMin), h - bottom + 12, label(x)));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>",
        w - right, h - bottom + 24, HtmlPage.esc(header[0])));
    for (int s = 0; s < series.size(); s++) {
      int c = series.get(s);
      StringBuilder pts = new StringBuilder();
      for (double[] r : rows) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + plotW * (r[0] - xMin) / (xMax - xMin),
            h - bottom - plotH * (r[c] - yMin) / (yMax - yMin)));
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[s]).append("\" points=\"")
          .append(pts.toString().strip()).append("\"><title>").append(HtmlPage.esc(header[c]))
          .append("</title></polyline>");
      for (double[] r : rows) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s %s: "
            + "%s</title></circle>", left + plotW * (r[0] - xMin) / (xMax - xMin),
            h - bottom - plotH * (r[c] - yMin) / (yMax - yMin), COLOURS[s], HtmlPage.esc(header[0] + " "
            + label(r[0])), HtmlPage.esc(header[c]), label(r[c])));
      }
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", left + 10 + s * 130, h - 14, COLOURS[s],
          left + 24 + s * 130, h - 5, HtmlPage.esc(header[c])));
    }
    sb.append("</svg>");
  }

  private static double number(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
