package org.neurospark.notebooks.runner;

/**
 * One result of a paragraph, as Zeppelin stores it in a note's {@code results.msg}.
 *
 * @param type how it displays
 * @param data its text: plain text, a tab-separated table (first line the header), or HTML
 */
public record ParagraphOutput(ResultType type, String data) {
  public ParagraphOutput {
    if (type == null || data == null) {
      throw new IllegalArgumentException("type and data are required");
    }
  }
}
