package org.neurospark.spark.ingest;

/**
 * Parameters of an ingest run.
 *
 * @param input the dataset folder (local path or {@code file:} URI)
 * @param catalog catalog name ({@link IngestCatalogs#names()})
 * @param tables the tables folder ({@code samples/}, {@code events/}, {@code errors/} are written under it)
 * @param bufferEvents whole-file samples of up to this many events are decoded once and kept in memory until
 *     they are known to be complete; larger ones are validated first and read twice
 */
public record IngestOptions(String input, String catalog, String tables, int bufferEvents) {
  /** Default in-memory limit: 4 Mi events (about 70 MB per running task). */
  public static final int DEFAULT_BUFFER_EVENTS = 4 << 20;

  public IngestOptions(String input, String catalog, String tables) {
    this(input, catalog, tables, DEFAULT_BUFFER_EVENTS);
  }
}
