package org.neurospark.notebooks.runner;

import java.util.List;

/**
 * How one note ran.
 *
 * @param note the note
 * @param paragraphs one result per paragraph, in order
 * @param master the Spark master it ran against
 * @param millis wall time, ms
 */
public record NoteResult(Note note, List<ParagraphResult> paragraphs, String master, long millis) {
  /** Paragraphs that finished. */
  public int finished() {
    return (int) paragraphs.stream().filter(ParagraphResult::finished).count();
  }
}
