package org.neurospark.spark.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the block-style YAML subset the compose files in {@code docker/} are written in (no YAML library is
 * on the test class path): block mappings and sequences by indentation, {@code - key: value} items, plain, single-
 * and double-quoted scalars, flow sequences of scalars ({@code ["a", "b"]}) and comments. Everything else (anchors,
 * aliases, tags, block scalars, flow mappings, tabs, duplicate keys) is refused with the line number, so the compose
 * files stay inside what this parser reads exactly. Mappings become {@link LinkedHashMap}s of String to value,
 * sequences {@link List}s, scalars Strings (an empty value is the empty string).
 */
final class MiniYaml {
  private record Line(int number, int indent, String text) {}

  private final List<Line> lines = new ArrayList<>();
  private final String source;
  private int pos;

  private MiniYaml(String source, String text) {
    this.source = source;
    String[] raw = text.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String l = raw[i];
      if (l.indexOf('\t') >= 0) {
        throw error(i + 1, "tab character");
      }
      String content = stripComment(l, i + 1).stripTrailing();
      if (content.isBlank()) {
        continue;
      }
      int indent = 0;
      while (content.charAt(indent) == ' ') {
        indent++;
      }
      lines.add(new Line(i + 1, indent, content.substring(indent)));
    }
  }

  /** Parses {@code text} (named {@code source} in errors); the top level must be a mapping. */
  static Map<String, Object> parse(String source, String text) {
    MiniYaml y = new MiniYaml(source, text);
    if (y.lines.isEmpty()) {
      return new LinkedHashMap<>();
    }
    if (y.lines.get(0).indent != 0) {
      throw y.error(y.lines.get(0).number, "the document must start at column 0");
    }
    Object v = y.block(0);
    if (y.pos < y.lines.size()) {
      throw y.error(y.lines.get(y.pos).number, "unexpected indentation");
    }
    if (!(v instanceof Map<?, ?>)) {
      throw y.error(1, "the top level is not a mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    return m;
  }

  private IllegalArgumentException error(int line, String what) {
    return new IllegalArgumentException(source + ":" + line + ": " + what);
  }

  private Object block(int indent) {
    Line first = lines.get(pos);
    return first.text.startsWith("- ") || first.text.equals("-") ? sequence(indent) : mapping(indent);
  }

  private Map<String, Object> mapping(int indent) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (pos < lines.size() && lines.get(pos).indent == indent && !lines.get(pos).text.startsWith("- ")) {
      Line l = lines.get(pos);
      int colon = keyColon(l);
      String key = scalar(l.text.substring(0, colon).strip(), l.number);
      String rest = l.text.substring(colon + 1).strip();
      if (map.containsKey(key)) {
        throw error(l.number, "duplicate key '" + key + "'");
      }
      pos++;
      map.put(key, rest.isEmpty() ? nested(indent, l) : value(rest, l.number));
    }
    return map;
  }

  private List<Object> sequence(int indent) {
    List<Object> list = new ArrayList<>();
    while (pos < lines.size() && lines.get(pos).indent == indent && lines.get(pos).text.startsWith("-")) {
      Line l = lines.get(pos);
      String rest = l.text.equals("-") ? "" : l.text.substring(2).strip();
      if (rest.isEmpty()) {
        pos++;
        list.add(nested(indent, l));
      } else if (looksLikeKey(rest)) {
        // "- key: value" opens a mapping whose keys sit at the column of "key"
        int column = indent + l.text.indexOf(rest);
        lines.set(pos, new Line(l.number, column, rest));
        list.add(mapping(column));
      } else {
        pos++;
        list.add(value(rest, l.number));
      }
    }
    return list;
  }

  /** The block under a key or dash with nothing after it: deeper lines, or an empty scalar. */
  private Object nested(int indent, Line owner) {
    if (pos < lines.size() && lines.get(pos).indent > indent) {
      return block(lines.get(pos).indent);
    }
    // compose allows a sequence at the same indentation as its key
    if (pos < lines.size() && lines.get(pos).indent == indent && lines.get(pos).text.startsWith("- ")
        && !owner.text.startsWith("-")) {
      return sequence(indent);
    }
    return "";
  }

  private boolean looksLikeKey(String text) {
    if (text.startsWith("\"") || text.startsWith("'") || text.startsWith("[")) {
      int end = text.startsWith("[") ? -1 : closingQuote(text);
      return end > 0 && text.substring(end + 1).stripLeading().startsWith(":");
    }
    int colon = text.indexOf(": ");
    return colon > 0 || (text.endsWith(":") && !text.contains(" "));
  }

  private int keyColon(Line l) {
    String t = l.text;
    int from = 0;
    if (t.startsWith("\"") || t.startsWith("'")) {
      from = closingQuote(t);
      if (from < 0) {
        throw error(l.number, "unterminated quote");
      }
    }
    for (int i = from; i < t.length(); i++) {
      if (t.charAt(i) == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    throw error(l.number, "expected 'key: value', got '" + t + "'");
  }

  private Object value(String text, int line) {
    if (text.startsWith("[")) {
      if (!text.endsWith("]")) {
        throw error(line, "a flow sequence must end on its line");
      }
      List<Object> items = new ArrayList<>();
      String inner = text.substring(1, text.length() - 1).strip();
      int i = 0;
      while (i < inner.length()) {
        int end;
        if (inner.charAt(i) == '"' || inner.charAt(i) == '\'') {
          end = closingQuote(inner.substring(i));
          if (end < 0) {
            throw error(line, "unterminated quote");
          }
          end += i + 1;
        } else {
          end = inner.indexOf(',', i);
          end = end < 0 ? inner.length() : end;
        }
        items.add(scalar(inner.substring(i, end).strip(), line));
        i = end;
        while (i < inner.length() && inner.charAt(i) == ' ') {
          i++;
        }
        if (i < inner.length()) {
          if (inner.charAt(i) != ',') {
            throw error(line, "expected ',' in flow sequence");
          }
          i++;
          while (i < inner.length() && inner.charAt(i) == ' ') {
            i++;
          }
        }
      }
      return items;
    }
    return scalar(text, line);
  }

  private String scalar(String text, int line) {
    if (text.isEmpty()) {
      return "";
    }
    char c = text.charAt(0);
    if (c == '"' || c == '\'') {
      int end = closingQuote(text);
      if (end != text.length() - 1) {
        throw error(line, "text after a quoted scalar: " + text);
      }
      String body = text.substring(1, end);
      return c == '\'' ? body.replace("''", "'") : body.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if ("&*!|>{%@`".indexOf(c) >= 0) {
      throw error(line, "YAML feature outside the supported subset: " + text);
    }
    return text;
  }

  /** Index of the quote closing the one at index 0, or -1. */
  private static int closingQuote(String text) {
    char q = text.charAt(0);
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (q == '"' && c == '\\') {
        i++;
      } else if (c == q) {
        if (q == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private String stripComment(String line, int number) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        boolean starts = i == 0 || " [,:-".indexOf(line.charAt(i - 1)) >= 0;
        if (starts) {
          quote = c;
        }
      } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
        return line.substring(0, i);
      }
    }
    if (quote != 0) {
      throw error(number, "unterminated quote");
    }
    return line;
  }
}
