package org.neurospark.events.npy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.events.EventFileException;

/**
 * A NumPy {@code .npz} archive ({@code np.savez} / {@code np.savez_compressed}): a zip of {@code <key>.npy} entries,
 * stored or deflated. Arrays are streamed ({@link #open(String)}); several may be open at once (each keeps its own
 * position over the shared file channel), so parallel columns can be read in lockstep in constant memory.
 */
public final class NpzFile implements Closeable {
  private final Path file;
  private final FileChannel channel;
  private final Map<String, ZipDirectory.Entry> entries = new LinkedHashMap<>();

  private NpzFile(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens an archive and reads its central directory. */
  public static NpzFile open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      NpzFile z = new NpzFile(file, ch);
      for (ZipDirectory.Entry e : ZipDirectory.read(ch, file).values()) {
        String key = e.name().endsWith(".npy") ? e.name().substring(0, e.name().length() - 4) : e.name();
        z.entries.put(key, e);
      }
      return z;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The file. */
  public Path file() {
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
      src = new FileRangeSource(channel, false, file, e.dataOffset(), e.size(), e.name(), e.crc());
    } else if (e.method() == ZipDirectory.DEFLATED) {
      src = new InflaterSource(channel, file, e.dataOffset(), e.compressedSize(), e.size(), e.name(), e.crc());
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
    channel.close();
  }
}
