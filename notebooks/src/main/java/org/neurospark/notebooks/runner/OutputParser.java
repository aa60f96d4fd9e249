package org.neurospark.notebooks.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a paragraph printed into typed results the way Zeppelin's {@code InterpreterOutput} does: a display
 * directive {@code %text}, {@code %table} or {@code %html} at the start of the output or of a line starts a new
 * result of that type; output before any directive is text. Results that are empty or only white space are dropped.
 */
public final class OutputParser {
  private static final String[] MAGICS = {"%text", "%table", "%html"};

  private OutputParser() {}

  /** The results in {@code output}, in order. */
  public static List<ParagraphOutput> parse(String output) {
    List<ParagraphOutput> out = new ArrayList<>();
    ResultType type = ResultType.TEXT;
    int start = 0;
    int i = 0;
    while (i <= output.length()) {
      if (i == output.length()) {
        add(out, type, output.substring(start));
        break;
      }
      if (i == 0 || output.charAt(i - 1) == '\n') {
        ResultType t = magicAt(output, i);
        if (t != null) {
          add(out, type, output.substring(start, i));
          type = t;
          int len = t.name().length() + 1;
          start = i + len;
          if (start < output.length() && (output.charAt(start) == ' ' || output.charAt(start) == '\n')) {
            start++;
          }
          i = start;
          continue;
        }
      }
      i++;
    }
    return out;
  }

  private static ResultType magicAt(String s, int i) {
    for (String m : MAGICS) {
      if (s.startsWith(m, i)) {
        int end = i + m.length();
        if (end == s.length() || s.charAt(end) == ' ' || s.charAt(end) == '\n') {
          return ResultType.valueOf(m.substring(1).toUpperCase(java.util.Locale.ROOT));
        }
      }
    }
    return null;
  }

  private static void add(List<ParagraphOutput> out, ResultType type, String data) {
    String d = type == ResultType.TEXT ? stripTrailingNewlines(data) : data.strip();
    if (!d.isBlank()) {
      out.add(new ParagraphOutput(type, d));
    }
  }

  private static String stripTrailingNewlines(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
