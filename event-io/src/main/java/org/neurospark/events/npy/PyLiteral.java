package org.neurospark.events.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal subset used by {@code .npy} headers: dicts, lists, tuples, strings (single or double
 * quoted, with backslash escapes), integers, True/False/None. Tuples and lists both become {@link List}s; integers
 * become {@link Long}s.
 */
final class PyLiteral {
  private final String s;
  private int i;

  private PyLiteral(String s) {
    this.s = s;
  }

  /** Parses one literal that must span the whole text (surrounding whitespace allowed). */
  static Object parse(String text) {
    PyLiteral p = new PyLiteral(text);
    Object v = p.value();
    p.ws();
    if (p.i != p.s.length()) {
      throw p.fail("unexpected text after the literal");
    }
    return v;
  }

  private IllegalArgumentException fail(String what) {
    int from = Math.max(0, i - 20);
    int to = Math.min(s.length(), i + 20);
    return new IllegalArgumentException(what + " at character " + i + " of header near '" + s.substring(from, to)
        + "'");
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw fail("header ends inside a literal");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return dict();
      case '[':
        return seq(']');
      case '(':
        return seq(')');
      case '\'':
      case '"':
        return string();
      default:
        break;
    }
    if (c == '-' || c == '+' || Character.isDigit(c)) {
      return integer();
    }
    if (s.startsWith("True", i)) {
      i += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("False", i)) {
      i += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("None", i)) {
      i += 4;
      return null;
    }
    throw fail("unexpected character '" + c + "'");
  }

  private Map<String, Object> dict() {
    i++; // {
    Map<String, Object> m = new LinkedHashMap<>();
    while (true) {
      ws();
      if (i < s.length() && s.charAt(i) == '}') {
        i++;
        return m;
      }
      Object k = value();
      if (!(k instanceof String key)) {
        throw fail("dict key is not a string");
      }
      ws();
      expect(':');
      m.put(key, value());
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == '}') {
        i++;
        return m;
      } else {
        throw fail("expected ',' or '}'");
      }
    }
  }

  private List<Object> seq(char close) {
    i++;
    List<Object> l = new ArrayList<>();
    while (true) {
      ws();
      if (i < s.length() && s.charAt(i) == close) {
        i++;
        return l;
      }
      l.add(value());
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == close) {
        i++;
        return l;
      } else {
        throw fail("expected ',' or '" + close + "'");
      }
    }
  }

  private void expect(char c) {
    if (i >= s.length() || s.charAt(i) != c) {
      throw fail("expected '" + c + "'");
    }
    i++;
  }

  private String string() {
    char q = s.charAt(i++);
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == q) {
        return b.toString();
      }
      if (c == '\\' && i < s.length()) {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case '0' -> b.append('\0');
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    throw fail("unterminated string");
  }

  private Long integer() {
    int start = i;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      i++;
    }
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) { // Python 2 long suffix
      i++;
      return parseLong(s.substring(start, i - 1));
    }
    return parseLong(s.substring(start, i));
  }

  private Long parseLong(String t) {
    try {
      return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw fail("bad integer '" + t + "'");
    }
  }
}
