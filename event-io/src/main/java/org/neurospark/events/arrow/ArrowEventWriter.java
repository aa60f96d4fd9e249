package org.neurospark.events.arrow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.neurospark.events.EventBatch;
import org.neurospark.events.RecordingInfo;

/**
 * Writes events to an Arrow IPC file (the random-access "Feather v2" format, magic {@code ARROW1}) with the
 * {@link EventSchema}, one record batch per {@link #write} call, streaming in constant memory: one reused set of
 * vectors, nothing kept between batches.
 *
 * <pre>{@code
 * try (EventReader r = EventFiles.open(in); ArrowEventWriter w = new ArrowEventWriter(out, r.info())) {
 *   EventBatch b = new EventBatch();
 *   while (r.read(b)) w.write(b);
 * }
 * }</pre>
 */
public final class ArrowEventWriter implements AutoCloseable {
  private final Path file;
  private final BufferAllocator allocator;
  private final EventVectors vectors;
  private final FileChannel channel;
  private final ArrowFileWriter writer;
  private long events;
  private long batches;

  /** Creates (or truncates) {@code file} for events of the recording {@code info}. */
  public ArrowEventWriter(Path file, RecordingInfo info) throws IOException {
    this.file = file;
    BufferAllocator a = null;
    EventVectors v = null;
    FileChannel ch = null;
    try {
      a = new RootAllocator();
      v = new EventVectors(a, EventSchema.schema(info));
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
      writer = new ArrowFileWriter(v.root(), null, ch);
      writer.start();
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      if (v != null) {
        v.close();
      }
      if (a != null) {
        a.close();
      }
      throw e;
    }
    allocator = a;
    vectors = v;
    channel = ch;
  }

  /** Appends the events of {@code batch} as one record batch (empty batches are skipped). */
  public void write(EventBatch batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    vectors.fill(batch);
    writer.writeBatch();
    events += batch.size();
    batches++;
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  /** Record batches written so far. */
  public long batches() {
    return batches;
  }

  public Path file() {
    return file;
  }

  /** Writes the footer and releases all memory. */
  @Override
  public void close() throws IOException {
    try {
      writer.end();
      writer.close();
    } finally {
      try {
        channel.close();
      } finally {
        vectors.close();
        allocator.close();
      }
    }
  }
}
