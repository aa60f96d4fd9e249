package org.neurospark.notebooks.runner;

import java.util.List;

/**
 * How one paragraph ran.
 *
 * @param paragraph the paragraph
 * @param status {@code FINISHED}, {@code ERROR}, or {@code READY} (not run: an earlier paragraph failed), as Zeppelin
 *     names paragraph states
 * @param outputs its results in order
 * @param millis wall time it ran, ms
 */
public record ParagraphResult(Note.Paragraph paragraph, String status, List<ParagraphOutput> outputs, long millis) {
  /** Zeppelin's state of a paragraph that ran to the end. */
  public static final String FINISHED = "FINISHED";
  /** Zeppelin's state of a paragraph that failed. */
  public static final String ERROR = "ERROR";
  /** Zeppelin's state of a paragraph that did not run. */
  public static final String READY = "READY";

  /** True when it ran to the end. */
  public boolean finished() {
    return FINISHED.equals(status);
  }
}
