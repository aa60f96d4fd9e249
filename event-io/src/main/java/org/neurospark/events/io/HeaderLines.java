package org.neurospark.events.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neurospark.events.EventFileException;

/**
 * Reads a text header made of lines that all start with one marker byte ({@code '#'} for jAER AEDAT, {@code '%'} for
 * Prophesee RAW/DAT), streaming through a {@link ChunkedFileInput} in bounded memory. The header ends at the first
 * byte that does not start a marker line, after an optional terminator line (e.g. {@code "% end"}), or at the end of
 * the file. Lines may end with LF or CRLF; a final line may run to the end of the file without a newline.
 *
 * <p>On return {@link ChunkedFileInput#position()} is the first data byte.
 */
public final class HeaderLines {
  /** Longest accepted header line, bytes (jAER preference lines are a few hundred bytes). */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** Header text kept for callers, characters; longer headers are still skipped but not stored. */
  public static final long MAX_KEPT_CHARS = 8L << 20;

  private HeaderLines() {}

  /**
   * Consumes the header and returns its lines (without the line terminator, ISO-8859-1 decoded).
   *
   * @param marker the byte every header line starts with
   * @param terminator a line (compared after trimming) that ends the header, or null
   * @throws EventFileException when a header line exceeds {@link #MAX_LINE_BYTES}
   */
  public static List<String> read(ChunkedFileInput in, byte marker, String terminator) throws IOException {
    List<String> lines = new ArrayList<>();
    long kept = 0;
    while (true) {
      if (!in.fill(1)) {
        break; // end of file: header-only recording
      }
      byte[] b = in.buffer();
      if (b[in.pos()] != marker) {
        break;
      }
      long lineStart = in.position();
      int scanned = 0;
      int nl;
      while (true) {
        b = in.buffer();
        int from = in.pos() + scanned;
        nl = -1;
        for (int i = from, end = in.limit(); i < end; i++) {
          if (b[i] == '\n') {
            nl = i;
            break;
          }
        }
        if (nl >= 0) {
          break;
        }
        scanned = in.remaining();
        if (scanned > MAX_LINE_BYTES) {
          throw new EventFileException(in.name(), lineStart, "header line longer than " + MAX_LINE_BYTES
              + " bytes without a newline: expected '" + (char) marker + "' text lines ending with LF or CRLF");
        }
        if (!in.fill(scanned + 4096)) {
          if (in.remaining() == scanned) {
            nl = in.limit(); // last line runs to end of file
            break;
          }
        }
      }
      int start = in.pos();
      int end = nl;
      int next = Math.min(nl + 1, in.limit());
      if (end > start && b[end - 1] == '\r') {
        end--;
      }
      String line = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
      in.pos(next);
      if (kept < MAX_KEPT_CHARS) {
        lines.add(line);
        kept += line.length();
      }
      if (terminator != null && line.trim().equalsIgnoreCase(terminator)) {
        break;
      }
    }
    return Collections.unmodifiableList(lines);
  }
}
