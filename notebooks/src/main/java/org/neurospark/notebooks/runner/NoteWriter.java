package org.neurospark.notebooks.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stores a run's results into a copy of the note's JSON the way Zeppelin saves a note after running it: each
 * paragraph's {@code status} and {@code results} ({@code {"code": "SUCCESS"|"ERROR", "msg": [{"type", "data"}]}}).
 */
public final class NoteWriter {
  private NoteWriter() {}

  /** A copy of the note's JSON with the results of {@code r}. */
  public static ObjectNode withResults(NoteResult r) {
    ObjectNode copy = r.note().json().deepCopy();
    ArrayNode ps = (ArrayNode) copy.get("paragraphs");
    for (ParagraphResult p : r.paragraphs()) {
      ObjectNode pj = (ObjectNode) ps.get(p.paragraph().index());
      pj.put("status", p.status());
      if (p.status().equals(ParagraphResult.READY)) {
        pj.remove("results");
        continue;
      }
      ObjectNode results = pj.putObject("results");
      results.put("code", p.finished() ? "SUCCESS" : "ERROR");
      ArrayNode msg = results.putArray("msg");
      for (ParagraphOutput o : p.outputs()) {
        msg.addObject().put("type", o.type().name()).put("data", o.data());
      }
    }
    return copy;
  }
}
