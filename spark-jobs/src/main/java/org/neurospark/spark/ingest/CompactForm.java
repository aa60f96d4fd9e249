package org.neurospark.spark.ingest;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.spark.tables.EventsDataFile;

/**
 * The serialized form of what ingest ships per task: a {@link WorkSlice} (driver to executor) and a
 * {@link TaskResult} (executor to driver), as one byte array of fixed-width numbers and a string table, in place of
 * Java serialization's object graph. Spark serializes both with Java serialization on the path from one task to the
 * next; for 2,048 recordings that took 7-8 ms to write and 10-11 ms to read, each way, about 26 ms per task spent
 * neither reading nor writing events.
 *
 * <p>Strings are written once: a string seen before is a back-reference to its first occurrence (paths repeat in
 * {@link FileWork} and its {@link SampleSpec}s; dataset, split, class and format names repeat across recordings).
 * Both classes name this form in their {@code writeReplace}; {@link #readResolve()} decodes it.
 */
final class CompactForm implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final byte WORK = 1;
  private static final byte RESULT = 2;

  private final byte kind;
  private final byte[] bytes;

  private CompactForm(byte kind, byte[] bytes) {
    this.kind = kind;
    this.bytes = bytes;
  }

  static CompactForm of(WorkSlice slice) {
    Writer w = new Writer(64 + 160 * slice.files().size());
    w.putInt(slice.files().size());
    for (FileWork f : slice.files()) {
      w.putString(f.path());
      w.putLong(f.sizeBytes());
      w.putLong(f.modifiedMs());
      w.putInt(f.samples().size());
      for (SampleSpec s : f.samples()) {
        w.putString(s.sampleId());
        w.putString(s.dataset());
        w.putString(s.split());
        w.putInt(s.label());
        w.putString(s.className());
        w.putString(s.path());
        w.putLong(s.startUs());
        w.putLong(s.endUs());
        w.putString(s.name());
        w.putInt(s.width());
        w.putInt(s.height());
      }
    }
    return new CompactForm(WORK, w.bytes());
  }

  static CompactForm of(TaskResult result) {
    Writer w = new Writer(64 + 120 * result.outcomes().size());
    w.putInt(result.outcomes().size());
    for (FileOutcome o : result.outcomes()) {
      w.putString(o.path());
      w.putString(o.checksum());
      w.putString(o.format());
      w.putInt(o.fileWidth());
      w.putInt(o.fileHeight());
      w.putLong(o.errorOffset());
      w.putString(o.error());
      w.putInt(o.samples().size());
      for (FileOutcome.SampleStats s : o.samples()) {
        w.putString(s.sampleId());
        w.putLong(s.events());
        w.putNullableLong(s.tFirst());
        w.putNullableLong(s.tLast());
      }
    }
    w.putInt(result.files().size());
    for (EventsDataFile f : result.files()) {
      w.putString(f.path());
      w.putString(f.split());
      w.putInt(f.label());
      w.putLong(f.sizeBytes());
      w.putLong(f.modificationTime());
      w.putLong(f.numRecords());
      w.putString(f.minSampleId());
      w.putString(f.maxSampleId());
    }
    return new CompactForm(RESULT, w.bytes());
  }

  private Object readResolve() throws ObjectStreamException {
    try {
      Reader r = new Reader(bytes);
      Object out = kind == WORK ? readWork(r) : kind == RESULT ? readResult(r) : null;
      if (out == null || r.buf.hasRemaining()) {
        throw new InvalidObjectException("ingest task data: kind " + kind + ", " + r.buf.remaining()
            + " bytes left over of " + bytes.length);
      }
      return out;
    } catch (RuntimeException e) {
      InvalidObjectException x = new InvalidObjectException("ingest task data of " + bytes.length
          + " bytes does not decode: " + e);
      x.initCause(e);
      throw x;
    }
  }

  private static WorkSlice readWork(Reader r) {
    int n = r.count();
    List<FileWork> files = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String path = r.string();
      long size = r.buf.getLong();
      long modified = r.buf.getLong();
      int k = r.count();
      List<SampleSpec> samples = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        samples.add(new SampleSpec(r.string(), r.string(), r.string(), r.buf.getInt(), r.string(), r.string(),
            r.buf.getLong(), r.buf.getLong(), r.string(), r.buf.getInt(), r.buf.getInt()));
      }
      files.add(new FileWork(path, size, modified, samples));
    }
    return new WorkSlice(files);
  }

  private static TaskResult readResult(Reader r) {
    int n = r.count();
    List<FileOutcome> outcomes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String path = r.string();
      String checksum = r.string();
      String format = r.string();
      int width = r.buf.getInt();
      int height = r.buf.getInt();
      long errorOffset = r.buf.getLong();
      String error = r.string();
      int k = r.count();
      List<FileOutcome.SampleStats> stats = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        stats.add(new FileOutcome.SampleStats(r.string(), r.buf.getLong(), r.nullableLong(), r.nullableLong()));
      }
      outcomes.add(new FileOutcome(path, checksum, format, width, height, errorOffset, error, List.copyOf(stats)));
    }
    int m = r.count();
    List<EventsDataFile> files = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      files.add(new EventsDataFile(r.string(), r.string(), r.buf.getInt(), r.buf.getLong(), r.buf.getLong(),
          r.buf.getLong(), r.string(), r.string()));
    }
    return new TaskResult(outcomes, files);
  }

  /** Big-endian numbers and strings (a back-reference, or new UTF-8 bytes) into a growing array. */
  private static final class Writer {
    private ByteBuffer buf;
    private final Map<String, Integer> seen = new HashMap<>();

    Writer(int capacity) {
      buf = ByteBuffer.allocate(capacity);
    }

    private void ensure(int more) {
      if (buf.remaining() < more) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
        buf.flip();
        buf = b.put(buf);
      }
    }

    void putInt(int v) {
      ensure(4);
      buf.putInt(v);
    }

    void putLong(long v) {
      ensure(8);
      buf.putLong(v);
    }

    void putNullableLong(Long v) {
      ensure(9);
      buf.put((byte) (v == null ? 0 : 1));
      buf.putLong(v == null ? 0 : v);
    }

    /**
     * -1: null; -2: a new string (its UTF-8 length and bytes follow; it gets the next index); else the index of a
     * string written before.
     */
    void putString(String s) {
      if (s == null) {
        putInt(-1);
        return;
      }
      Integer i = seen.putIfAbsent(s, seen.size());
      if (i != null) {
        putInt(i);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      ensure(8 + b.length);
      buf.putInt(-2);
      buf.putInt(b.length);
      buf.put(b);
    }

    byte[] bytes() {
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }

  private static final class Reader {
    final ByteBuffer buf;
    private final List<String> strings = new ArrayList<>();

    Reader(byte[] bytes) {
      buf = ByteBuffer.wrap(bytes);
    }

    int count() {
      int n = buf.getInt();
      if (n < 0 || n > buf.remaining()) {
        throw new IllegalStateException("count " + n + " with " + buf.remaining() + " bytes left");
      }
      return n;
    }

    Long nullableLong() {
      boolean present = buf.get() != 0;
      long v = buf.getLong();
      return present ? v : null;
    }

    String string() {
      int code = buf.getInt();
      if (code == -1) {
        return null;
      }
      if (code == -2) {
        int len = count();
        String s = new String(buf.array(), buf.arrayOffset() + buf.position(), len, StandardCharsets.UTF_8);
        buf.position(buf.position() + len);
        strings.add(s);
        return s;
      }
      return strings.get(code);
    }
  }
}
