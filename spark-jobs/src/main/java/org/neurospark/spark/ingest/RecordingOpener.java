package org.neurospark.spark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.dataset.DatasetCatalog;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.SampleEvents;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.io.EventFiles;

/**
 * The one place where executors turn a recording's location into bytes and event readers. Today the location is a
 * local path or a {@code file:} URI (event-io reads {@link java.nio.file.Path}s), so every executor must see the
 * input folder at the same path (a local run, or a shared mount on a cluster). When event-io gains its byte-source
 * abstraction, this class is the only one to switch to a Hadoop {@code FileSystem} source.
 */
public final class RecordingOpener {
  private RecordingOpener() {}

  /** The local path of {@code location} (a path, or a {@code file:} URI). */
  public static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Paths.get(URI.create(location));
    }
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("only local paths and file: URIs can be read for now, not " + location);
    }
    return Paths.get(location);
  }

  /** The recording's events with {@code options}, format detected from the file. */
  public static EventReader open(String location, ReadOptions options) throws IOException {
    return EventFiles.open(localPath(location), options);
  }

  /**
   * The events of one sample: the whole recording, or its {@code [startUs, endUs)} segment, with {@code catalog}'s
   * conventions (exactly what {@link SampleEvents#open} reads).
   */
  public static EventReader openSample(SampleSpec s, DatasetCatalog catalog) throws IOException {
    Sample sample = new Sample(localPath(s.path()), s.label(), s.className(), Split.valueOf(s.split().toUpperCase(
        java.util.Locale.ROOT)), s.startUs(), s.endUs(), s.name());
    return SampleEvents.open(sample, catalog);
  }

  /** The raw bytes of the recording (for checksums). */
  public static InputStream openRaw(String location) throws IOException {
    return Files.newInputStream(localPath(location));
  }
}
