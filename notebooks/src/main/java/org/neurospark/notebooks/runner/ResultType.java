package org.neurospark.notebooks.runner;

/** The kinds of paragraph output Zeppelin displays (its {@code InterpreterResult.Type}s this runner produces). */
public enum ResultType {
  /** preformatted text */
  TEXT,
  /** a table: a header line and rows, columns separated by tabs (Zeppelin's {@code %table}) */
  TABLE,
  /** an HTML fragment (Zeppelin's {@code %html}), e.g. {@code <img src="data:image/png;base64,...">} */
  HTML
}
