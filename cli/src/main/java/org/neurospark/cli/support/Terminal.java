package org.neurospark.cli.support;

/** Text echoed to the terminal: control characters (ESC, CR, BEL, ...) are shown escaped, never interpreted. */
public final class Terminal {
  private Terminal() {}

  /**
   * {@code s} with every ISO control character except tab and newline (and every Unicode format/bidi control)
   * replaced by {@code \xNN} / {@code \\uNNNN}; null becomes "null".
   */
  public static String escape(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = (Character.isISOControl(c) && c != '\n' && c != '\t')
          || Character.getType(c) == Character.FORMAT;
      if (bad) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * A writer over {@code out} that escapes as {@link #escape} everything written through it (file names echoed in
   * results, messages); tab, newline and printable text pass unchanged. Flushing flushes {@code out}.
   */
  public static java.io.PrintWriter escaping(java.io.PrintWriter out) {
    return new java.io.PrintWriter(new java.io.FilterWriter(out) {
      @Override
      public void write(int c) throws java.io.IOException {
        out.write(escape(String.valueOf((char) c)));
      }

      @Override
      public void write(char[] cbuf, int off, int len) throws java.io.IOException {
        out.write(escape(new String(cbuf, off, len)));
      }

      @Override
      public void write(String str, int off, int len) throws java.io.IOException {
        out.write(escape(str.substring(off, off + len)));
      }
    }, false);
  }
}
