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
import org.apache.hadoop.conf.Configuration;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.EventFiles;
import org.neurospark.spark.io.HadoopByteSource;

/**
 * The one place where executors turn a recording's location into bytes and event readers. A local path or
 * {@code file:} URI is read through event-io's local file source; any other URI ({@code hdfs:}, {@code s3a:}, ...)
 * through a {@link HadoopByteSource} with the default Hadoop configuration of the JVM (core-site.xml on the
 * classpath, as Spark's executors have it), streamed where it lies.
 */
public final class RecordingOpener {
  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private RecordingOpener() {}

  /** True when {@code location} is a local path or a {@code file:} URI. */
  public static boolean isLocal(String location) {
    return location.startsWith("file:") || !SCHEME.matcher(location).matches();
  }

  /** The local path of {@code location} (a path, or a {@code file:} URI). */
  public static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Paths.get(URI.create(location));
    }
    if (!isLocal(location)) {
      throw new IllegalArgumentException(location + " is not a local path");
    }
    return Paths.get(location);
  }

  /** The bytes of the recording: a local file, else a Hadoop file system stream. */
  public static ByteSource source(String location) throws IOException {
    return isLocal(location) ? ByteSource.open(localPath(location))
        : HadoopByteSource.open(location, new Configuration());
  }

  /** The recording's events with {@code options}, format detected from the file. */
  public static EventReader open(String location, ReadOptions options) throws IOException {
    return EventFiles.open(source(location), options);
  }

  /**
   * The events of one sample: the whole recording, or its {@code [startUs, endUs)} segment, with {@code catalog}'s
   * conventions (exactly what {@link SampleEvents#open} reads).
   */
  public static EventReader openSample(SampleSpec s, DatasetCatalog catalog) throws IOException {
    return openSample(s, catalog, source(s.path()));
  }

  /** {@link #openSample(SampleSpec, DatasetCatalog)} reading the recording's bytes from {@code source}. */
  public static EventReader openSample(SampleSpec s, DatasetCatalog catalog, ByteSource source) throws IOException {
    Sample sample = new Sample(isLocal(s.path()) ? Sample.locationOf(localPath(s.path())) : s.path(), s.label(),
        s.className(), Split.valueOf(s.split().toUpperCase(java.util.Locale.ROOT)), s.startUs(), s.endUs(), s.name());
    return SampleEvents.open(sample, source, catalog.readOptions());
  }

  /** The raw bytes of the recording (for checksums). */
  public static InputStream openRaw(String location) throws IOException {
    if (isLocal(location)) {
      return Files.newInputStream(localPath(location));
    }
    ByteSource src = HadoopByteSource.open(location, new Configuration());
    return new java.io.FilterInputStream(src.inputStream(0)) {
      @Override
      public void close() throws IOException {
        src.close();
      }
    };
  }
}
