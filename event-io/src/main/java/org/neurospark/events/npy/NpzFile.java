package org.neurospark.events.npy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventFileException;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;

/**
 * A NumPy {@code .npz} archive ({@code np.savez} / {@code np.savez_compressed}): a zip of {@code <key>.npy} entries,
 * stored or deflated. Arrays are streamed ({@link #open(String)}); several may be open at once (each keeps its own
 * position over the shared {@link ByteSource}), so parallel columns can be read in lockstep in constant memory.
 */
public final class NpzFile implements Closeable {
  private final String file;
  private final ByteSource channel;
  private final boolean ownsSource;
  private final Map<String, ZipDirectory.Entry> entries = new LinkedHashMap<>();

  private NpzFile(ByteSource channel, boolean ownsSource) {
    this.file = channel.name();
    this.channel = channel;
    this.ownsSource = ownsSource;
  }

  /** Opens a local archive and reads its central directory; {@link #close()} closes the file. */
  public static NpzFile open(Path file) throws IOException {
    ByteSource ch = FileByteSource.open(file);
    try {
      return open(ch, true);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Reads the central directory of the archive in {@code source}. The caller keeps ownership of the source:
   * {@link #close()} does not close it, and it must stay open while arrays are read.
   */
  public static NpzFile open(ByteSource source) throws IOException {
    return open(source, false);
  }

  private static NpzFile open(ByteSource source, boolean owns) throws IOException {
    NpzFile z = new NpzFile(source, owns);
    for (ZipDirectory.Entry e : ZipDirectory.read(source).values()) {
      String key = e.name().endsWith(".npy") ? e.name().substring(0, e.name().length() - 4) : e.name();
      z.entries.put(key, e);
    }
    return z;
  }

  /** Name of the archive's source (path or URI). */
  public String sourceName() {
    return file;
  }

  /** Array keys (entry names without {@code .npy}), in archive order. */
  public List<String> keys() {
    return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
  }

  public boolean contains(String key) {
    return entries.containsKey(key);
  }

  /** Absolute file offset of the data of {@code key}'s entry (for messages), or -1. */
  public long dataOffset(String key) {
    ZipDirectory.Entry e = entries.get(key);
    return e == null ? -1 : e.dataOffset();
  }

  /** True when {@code key}'s entry is deflated (not stored). */
  public boolean isCompressed(String key) {
    ZipDirectory.Entry e = entries.get(key);
    return e != null && e.method() != ZipDirectory.STORED;
  }

  /**
   * Opens the array {@code key} for streaming. Closing the returned input does not close the archive.
   *
   * @throws EventFileException when the key is missing, the entry's compression method is unsupported, or its
   *     {@code .npy} header is bad
   */
  public NpyInput open(String key) throws IOException {
    ZipDirectory.Entry e = entries.get(key);
    if (e == null) {
      throw new EventFileException(file, -1, "no array '" + key + "' in the archive (keys: " + keys() + ")");
    }
    NpySource src;
    if (e.method() == ZipDirectory.STORED) {
      if (e.compressedSize() != e.size()) {
        throw new EventFileException(file, e.localHeaderOffset(), "stored zip entry '" + e.name() + "' has "
            + e.compressedSize() + " compressed bytes but size " + e.size());
      }
      src = new FileRangeSource(channel, false, e.dataOffset(), e.size(), e.name(), e.crc());
    } else if (e.method() == ZipDirectory.DEFLATED) {
      src = new InflaterSource(channel, e.dataOffset(), e.compressedSize(), e.size(), e.name(), e.crc());
    } else {
      throw new EventFileException(file, e.localHeaderOffset(), "zip entry '" + e.name() + "' uses compression method "
          + e.method() + " (only stored (0) and deflated (8) are supported)");
    }
    try {
      return new NpyInput(src);
    } catch (IOException | RuntimeException ex) {
      src.close();
      throw ex;
    }
  }

  /** Reads array {@code key} completely (small arrays only). */
  public NpyArray read(String key) throws IOException {
    try (NpyInput in = open(key)) {
      return NpyArray.read(in);
    }
  }

  @Override
  public void close() throws IOException {
    if (ownsSource) {
      channel.close();
    }
  }
}
