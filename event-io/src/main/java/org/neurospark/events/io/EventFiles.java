package org.neurospark.events.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.arrow.ArrowEventReader;
import org.neurospark.events.format.aedat2.Aedat2Reader;
import org.neurospark.events.format.aedat3.Aedat3Reader;
import org.neurospark.events.format.aedat4.Aedat4Reader;
import org.neurospark.events.format.atis.AtisBinReader;
import org.neurospark.events.format.dat.DatReader;
import org.neurospark.events.format.evt2.Evt2Reader;
import org.neurospark.events.format.evt3.Evt3Reader;
import org.neurospark.events.format.mat.MatEventReader;
import org.neurospark.events.format.numpy.NpyEventReader;
import org.neurospark.events.format.numpy.NpzEventReader;
import org.neurospark.events.parquet.ParquetEventReader;

/**
 * Entry point for reading recordings: detects the format from the source's magic bytes / header (falling back to the
 * name's extension only for the headerless ATIS format) and opens the matching streaming reader.
 *
 * <p>Every recording is read through one {@link ByteSource}: a local file ({@link FileByteSource}), bytes in memory
 * ({@link MemoryByteSource}) or any other adapter (e.g. over a Hadoop {@code FSDataInputStream}). The
 * {@code open(ByteSource, ...)} methods hand the source to the reader, which closes it when it is closed (or when
 * opening fails); the {@code Path} methods open the file exactly once and do the same.
 */
public final class EventFiles {
  /** Bytes inspected for detection. */
  static final int PROBE_BYTES = 4096;

  private EventFiles() {}

  /** Opens {@code file} with default conventions (raw fields, timestamps as stored). */
  public static EventReader open(Path file) throws IOException {
    return open(file, ReadOptions.DEFAULT);
  }

  /** Opens {@code file} with the given conventions; the format is auto-detected. */
  public static EventReader open(Path file, ReadOptions options) throws IOException {
    return open(FileByteSource.open(file), options);
  }

  /** Opens {@code file} as {@code format}, skipping detection. */
  public static EventReader open(Path file, EventFormat format, ReadOptions options) throws IOException {
    return open(FileByteSource.open(file), format, options);
  }

  /** Reads {@code source} (owned by the reader from here on) with default conventions; the format is detected. */
  public static EventReader open(ByteSource source) throws IOException {
    return open(source, ReadOptions.DEFAULT);
  }

  /**
   * Reads {@code source} with the given conventions; the format is detected from its first bytes. The reader owns
   * the source from here on: closing the reader closes it, and it is closed here when detection or opening fails.
   */
  public static EventReader open(ByteSource source, ReadOptions options) throws IOException {
    EventFormat format;
    try {
      format = detect(source);
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
    return open(source, format, options);
  }

  /**
   * Reads {@code source} as {@code format}, skipping detection. The reader owns the source from here on (closed with
   * the reader, or here when opening fails).
   */
  public static EventReader open(ByteSource source, EventFormat format, ReadOptions options) throws IOException {
    switch (format) {
      case ATIS_BIN:
        return new AtisBinReader(source, options);
      case AEDAT2:
        return new Aedat2Reader(source, options);
      case EVT2:
        return new Evt2Reader(source, options);
      case EVT3:
        return new Evt3Reader(source, options);
      case DAT:
        return new DatReader(source, options);
      case AEDAT3:
        return new Aedat3Reader(source, options);
      case AEDAT4:
        return new Aedat4Reader(source, options);
      case NPZ:
        return new NpzEventReader(source, options);
      case NPY:
        return new NpyEventReader(source, options);
      case ARROW:
        return new ArrowEventReader(source, options);
      case PARQUET:
        return new ParquetEventReader(source, options);
      case MAT:
        return new MatEventReader(source, options);
      default:
        source.close();
        throw new EventFileException(source.name(), -1, "no reader for format " + format);
    }
  }

  /**
   * Detects the format of {@code file} from its first bytes.
   *
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws EventFileException when the file is empty or its content matches no supported format
   */
  public static EventFormat detect(Path file) throws IOException {
    try (ByteSource source = FileByteSource.open(file)) {
      return detect(source);
    }
  }

  /**
   * Detects the format of {@code source} from its first {@value #PROBE_BYTES} bytes (and, for the headerless ATIS
   * format, the extension of its {@link ByteSource#name() name}). The source stays open and unchanged.
   *
   * @throws EventFileException when the source is empty or its content matches no supported format
   */
  public static EventFormat detect(ByteSource source) throws IOException {
    byte[] head = new byte[(int) Math.min(PROBE_BYTES, source.size())];
    int n = source.readFully(0, ByteBuffer.wrap(head));
    String name = source.name();
    if (n == 0) {
      throw new EventFileException(name, 0, "empty file: expected an event recording header or records");
    }
    EventFormat f = detect(head, n, ByteSource.fileName(name), source.size());
    if (f == null) {
      throw new EventFileException(name, 0, "unknown format: no AEDAT/Prophesee/NumPy header, and not an ATIS .bin"
          + " (expected '#!AER-DAT', '% ' header lines, NumPy/zip magic, or an ATIS .bin/.bs2)");
    }
    return f;
  }

  /** Pure detection on the first {@code n} bytes; null when nothing matches. */
  static EventFormat detect(byte[] head, int n, String fileName, long fileSize) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (startsWith(head, n, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
      return EventFormat.NPY;
    }
    if (startsWith(head, n, new byte[] {'P', 'K', 3, 4}) || startsWith(head, n, new byte[] {'P', 'K', 5, 6})) {
      return EventFormat.NPZ;
    }
    if (startsWith(head, n, new byte[] {'A', 'R', 'R', 'O', 'W', '1'})) {
      return EventFormat.ARROW;
    }
    if (startsWith(head, n, new byte[] {'P', 'A', 'R', '1'})) {
      return EventFormat.PARQUET;
    }
    String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    if (text.startsWith("MATLAB ") && text.regionMatches(10, " MAT-file", 0, 9)) {
      return EventFormat.MAT; // "MATLAB 5.0 MAT-file" (v5..v7); v7.3 is detected so its reader can say why it fails
    }
    if (text.startsWith("#!AER-DAT4")) {
      return EventFormat.AEDAT4;
    }
    if (text.startsWith("#!AER-DAT3")) {
      return EventFormat.AEDAT3;
    }
    if (text.startsWith("#!AER-DAT2") || text.startsWith("#!AER-DAT1")
        || (text.startsWith("#") && (name.endsWith(".aedat") || name.endsWith(".dat")) && !text.startsWith("#!AER"))) {
      return EventFormat.AEDAT2;
    }
    if (text.startsWith("%")) {
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.contains("% evt 3") || lower.contains("format evt3") || lower.contains("evt3.0")) {
        return EventFormat.EVT3;
      }
      if (lower.contains("% evt 2") || lower.contains("format evt2") || lower.contains("evt2.0")) {
        return EventFormat.EVT2;
      }
      if (lower.contains("% data file containing") || name.endsWith(".dat")) {
        return EventFormat.DAT;
      }
      if (name.endsWith(".raw")) {
        return EventFormat.EVT2; // RAW without an evt line: Prophesee's default is EVT 2.0
      }
      return null;
    }
    if (name.endsWith(".bin") || name.endsWith(".bs2")) {
      return EventFormat.ATIS_BIN; // headerless; the reader reports a size that is not a multiple of 5
    }
    return null;
  }

  private static boolean startsWith(byte[] a, int n, byte[] prefix) {
    if (n < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
