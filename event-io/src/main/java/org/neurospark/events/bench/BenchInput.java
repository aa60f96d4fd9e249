package org.neurospark.events.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.io.RepeatablePayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The byte stream a benchmark decodes: for readers implementing {@link RepeatablePayload}, a scratch file (in RAM
 * under {@code /dev/shm} when available) holding the source's header once and its data section repeated until the
 * stream has at least the requested number of events; for other formats, the source file itself, read
 * {@link #readsPerRun()} times per measured run. Closing deletes the scratch file.
 */
public final class BenchInput implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BenchInput.class);

  private final Path source;
  private final Path file;
  private final EventFormat format;
  private final RecordingInfo info;
  private final long sourceEvents;
  private final int readsPerRun;
  private final boolean repeated;

  private BenchInput(Path source, Path file, EventFormat format, RecordingInfo info, long sourceEvents,
      int readsPerRun, boolean repeated) {
    this.source = source;
    this.file = file;
    this.format = format;
    this.info = info;
    this.sourceEvents = sourceEvents;
    this.readsPerRun = readsPerRun;
    this.repeated = repeated;
  }

  /**
   * Prepares the stream for {@code source}.
   *
   * @param minEvents the stream holds at least this many events (unless the source has none)
   * @param scratchDir where to write the repeated stream; null picks {@code /dev/shm} or the temp directory
   */
  public static BenchInput prepare(Path source, long minEvents, Path scratchDir) throws IOException {
    return prepare(source, minEvents, scratchDir, true);
  }

  /**
   * Like {@link #prepare(Path, long, Path)}; with {@code repeat == false} the source is always re-read whole (the
   * fallback used for formats without a {@link RepeatablePayload}).
   */
  public static BenchInput prepare(Path source, long minEvents, Path scratchDir, boolean repeat)
      throws IOException {
    EventFormat format = EventFiles.detect(source);
    long events = 0;
    RecordingInfo info;
    RepeatablePayload.Range range = null;
    try (EventReader r = EventFiles.open(source, format, ReadOptions.DEFAULT)) {
      info = r.info();
      if (r instanceof RepeatablePayload rp) {
        range = rp.payloadRange();
      }
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        events += b.size();
      }
    }
    if (events == 0) {
      return new BenchInput(source, source, format, info, 0, 1, false);
    }
    long copies = (minEvents + events - 1) / events;
    if (copies <= 1) {
      return new BenchInput(source, source, format, info, events, 1, false);
    }
    if (repeat && range != null && range.length() > 0) {
      Path dir = scratchDir != null ? scratchDir : defaultScratch();
      Path out = Files.createTempFile(dir, "neurospark-bench-", "-" + source.getFileName());
      out.toFile().deleteOnExit(); // backup for an interrupted run; close() deletes it normally
      try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
          FileChannel o = FileChannel.open(out, StandardOpenOption.WRITE)) {
        transfer(in, 0, range.start(), o);
        for (long c = 0; c < copies; c++) {
          transfer(in, range.start(), range.length(), o);
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(out);
        throw e;
      }
      LOG.debug("{}: header {} B + data {} B x {} -> {}", source, range.start(), range.length(), copies, out);
      return new BenchInput(source, out, format, info, events, 1, true);
    }
    return new BenchInput(source, source, format, info, events, (int) Math.min(Integer.MAX_VALUE, copies), false);
  }

  private static void transfer(FileChannel in, long from, long len, FileChannel out) throws IOException {
    long done = 0;
    while (done < len) {
      long n = in.transferTo(from + done, len - done, out);
      if (n <= 0) {
        throw new IOException("could not copy " + in + " bytes " + from + ".." + (from + len));
      }
      done += n;
    }
  }

  static Path defaultScratch() {
    Path shm = Paths.get("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm;
    }
    return Paths.get(System.getProperty("java.io.tmpdir"));
  }

  /** The recording the benchmark was asked for. */
  public Path source() {
    return source;
  }

  /** The file each read opens (the scratch stream or the source). */
  public Path file() {
    return file;
  }

  public EventFormat format() {
    return format;
  }

  /** Sensor size etc. of the source. */
  public RecordingInfo info() {
    return info;
  }

  /** Events in one read of the source. */
  public long sourceEvents() {
    return sourceEvents;
  }

  /** How many times {@link #file()} is read per measured run (1 for a repeated stream). */
  public int readsPerRun() {
    return readsPerRun;
  }

  /** True when {@link #file()} is a scratch file with the data section repeated. */
  public boolean repeated() {
    return repeated;
  }

  /** Bytes read per measured run. */
  public long bytesPerRun() throws IOException {
    return Files.size(file) * readsPerRun;
  }

  @Override
  public void close() throws IOException {
    if (repeated) {
      Files.deleteIfExists(file);
    }
  }
}
