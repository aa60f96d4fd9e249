package org.neurospark.notebooks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart of a {@code %table} as inline SVG, standing in for Zeppelin's {@code multiBarChart} display:
 * the columns up to the last non-numeric one form the key of each group (joined with {@code /}; the first column
 * when all are numeric), every numeric column after them is one series of bars (at most five).
 */
final class BarChart {
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};

  private BarChart() {}

  static void svg(StringBuilder sb, String table) {
    String[] lines = table.split("\n");
    if (lines.length < 2) {
      return;
    }
    String[] header = lines[0].split("\t", -1);
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      rows.add(lines[i].split("\t", -1));
    }
    int keys = 1;
    for (int c = 0; c < header.length; c++) {
      if (!numeric(rows, c)) {
        keys = c + 1;
      }
    }
    List<Integer> series = new ArrayList<>();
    for (int c = keys; c < header.length && series.size() < COLOURS.length; c++) {
      if (numeric(rows, c)) {
        series.add(c);
      }
    }
    if (series.isEmpty()) {
      return;
    }
    double max = 0;
    for (String[] r : rows) {
      for (int c : series) {
        max = Math.max(max, Double.parseDouble(r[c]));
      }
    }
    max = max <= 0 ? 1 : max;
    int w = 760;
    int h = 260;
    int left = 60;
    int bottom = 40;
    int plotH = h - bottom - 20;
    double groupW = (w - left - 10) / (double) rows.size();
    double barW = Math.max(1, groupW * 0.8 / series.size());
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
        .append("\" style=\"background:#fff;display:block\">");
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, left,
        h - bottom));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left,
        h - bottom, w - 10, h - bottom));
    for (int k = 0; k <= 4; k++) {
      double v = max * k / 4;
      double y = h - bottom - plotH * k / 4.0;
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
          left - 4, y + 3, v >= 100 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.2g", v)));
    }
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      StringBuilder key = new StringBuilder();
      for (int c = 0; c < keys; c++) {
        key.append(c == 0 ? "" : "/").append(r[c]);
      }
      double gx = left + i * groupW + groupW * 0.1;
      for (int s = 0; s < series.size(); s++) {
        double v = Double.parseDouble(r[series.get(s)]);
        double bh = plotH * v / max;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s %s: %s</title></rect>", gx + s * barW, h - bottom - bh, barW, bh, COLOURS[s],
            HtmlPage.esc(key.toString()), HtmlPage.esc(header[series.get(s)]), HtmlPage.esc(r[series.get(s)])));
      }
      if (rows.size() <= 40 || i % Math.ceil(rows.size() / 40.0) == 0) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s"
            + "</text>", left + (i + 0.5) * groupW, h - bottom + 12, HtmlPage.esc(key.toString())));
      }
    }
    for (int s = 0; s < series.size(); s++) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", left + 10 + s * 130, h - 14, COLOURS[s],
          left + 24 + s * 130, h - 5, HtmlPage.esc(header[series.get(s)])));
    }
    sb.append("</svg>");
  }

  private static boolean numeric(List<String[]> rows, int c) {
    for (String[] r : rows) {
      if (c >= r.length) {
        return false;
      }
      try {
        Double.parseDouble(r[c]);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }
}
