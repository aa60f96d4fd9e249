package org.neurospark.notebooks.runner;

import java.time.Instant;

/**
 * Renders a {@link NoteResult} to one self-contained HTML page, as Zeppelin shows a note: per paragraph its title,
 * its code (hidden when the paragraph's {@code config.editorHide} is true, as Zeppelin does for {@code %md}), its
 * status and its results — text as preformatted text, {@code %table} as an HTML table (preceded by a bar chart,
 * {@link BarChart}, when the paragraph's {@code config.results.N.graph.mode} is Zeppelin's {@code multiBarChart}, or
 * by a line chart, {@link LineChart}, when it is {@code lineChart}), {@code %html} as is (images embedded as data
 * URIs).
 */
public final class HtmlPage {
  private HtmlPage() {}

  /** The page. */
  public static String render(NoteResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(r.note().name()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:24px;background:#f4f5f7;color:#222}\n")
        .append(".p{background:#fff;border:1px solid #ddd;border-radius:4px;margin:12px 0;padding:10px 14px}\n")
        .append(".p h3{margin:4px 0 8px;font-size:15px}\n")
        .append("pre.code{background:#f7f7f9;border-left:3px solid #5c8dd6;padding:6px 8px;font-size:12px;"
            + "overflow-x:auto}\n")
        .append("pre.text{font-size:12px;white-space:pre-wrap;margin:6px 0}\n")
        .append("table{border-collapse:collapse;font-size:12px;margin:6px 0}\n")
        .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#eef}\n")
        .append(".status{font-size:11px;color:#666;float:right}.summary{font-size:12px;color:#666}.ERROR{color:#c00;font-weight:bold}\n")
        .append("img{max-width:100%;margin:4px}\n")
        .append("</style></head><body>\n<h1>").append(esc(r.note().name())).append("</h1>\n<p class=\"summary\">")
        .append(r.finished()).append('/').append(r.paragraphs().size()).append(" paragraphs finished · master ")
        .append(esc(String.valueOf(r.master()))).append(" · ").append(Instant.now()).append("</p>\n");
    for (ParagraphResult p : r.paragraphs()) {
      Note.Paragraph para = p.paragraph();
      sb.append("<div class=\"p\" id=\"").append(esc(para.id())).append("\"><span class=\"status ")
          .append(p.status()).append("\">").append(p.status()).append(" · ").append(p.millis()).append(" ms</span>");
      if (para.title() != null && !para.title().isBlank()) {
        sb.append("<h3>").append(esc(para.title())).append("</h3>");
      }
      boolean hide = para.json().path("config").path("editorHide").asBoolean(false);
      if (!hide) {
        sb.append("<pre class=\"code\">%").append(esc(para.interpreter())).append('\n').append(esc(para.body()))
            .append("</pre>");
      }
      for (int i = 0; i < p.outputs().size(); i++) {
        ParagraphOutput o = p.outputs().get(i);
        switch (o.type()) {
          case TEXT -> sb.append("<pre class=\"text\">").append(esc(o.data())).append("</pre>");
          case HTML -> sb.append("<div class=\"html\">").append(o.data()).append("</div>");
          case TABLE -> {
            String mode = para.json().path("config").path("results").path(Integer.toString(i)).path("graph")
                .path("mode").asText("table");
            if (mode.equals("multiBarChart")) {
              BarChart.svg(sb, o.data());
            } else if (mode.equals("lineChart")) {
              LineChart.svg(sb, o.data());
            }
            table(sb, o.data());
          }
          default -> throw new IllegalStateException("unknown result type " + o.type());
        }
      }
      sb.append("</div>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder sb, String data) {
    String[] lines = data.split("\n");
    sb.append("<table>");
    for (int i = 0; i < lines.length; i++) {
      String cell = i == 0 ? "th" : "td";
      sb.append("<tr>");
      for (String c : lines[i].split("\t", -1)) {
        sb.append('<').append(cell).append('>').append(esc(c)).append("</").append(cell).append('>');
      }
      sb.append("</tr>");
    }
    sb.append("</table>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
