package org.neurospark.spark.ingest;

import java.util.Locale;

/**
 * What an ingest run did.
 *
 * @param filesSeen recordings listed in the input
 * @param filesIngested recordings decoded and written by this run (new or changed)
 * @param filesUnchanged recordings already in the tables with the same path, size, modification time and checksum
 * @param filesFailed recordings that failed to decode (listed in {@code errors/})
 * @param filesRemoved recordings in the tables that are no longer in the input (their rows were removed)
 * @param samples samples written by this run
 * @param events events written by this run
 * @param seconds wall time of the run
 * @param phases where that time went (not part of {@link #toJson()})
 */
public record IngestSummary(long filesSeen, long filesIngested, long filesUnchanged, long filesFailed,
    long filesRemoved, long samples, long events, double seconds, IngestPhases phases) {

  /** One-line JSON with the keys {@code ingest --json} prints. */
  public String toJson() {
    return String.format(Locale.ROOT, "{\"files_seen\":%d,\"files_ingested\":%d,\"files_unchanged\":%d,"
        + "\"files_failed\":%d,\"samples\":%d,\"events\":%d,\"seconds\":%.3f}", filesSeen, filesIngested,
        filesUnchanged, filesFailed, samples, events, seconds);
  }

  /** Human-readable summary. */
  public String toText() {
    return String.format(Locale.ROOT, "ingest: %d files seen, %d ingested, %d unchanged, %d failed, %d removed; "
        + "%d samples, %d events written in %.1f s", filesSeen, filesIngested, filesUnchanged, filesFailed,
        filesRemoved, samples, events, seconds);
  }
}
