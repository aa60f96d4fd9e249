package org.neurospark.events.format.numpy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;
import org.neurospark.events.npy.NpyDtype;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpyInput;
import org.neurospark.events.npy.NpzFile;

/**
 * Events from a NumPy {@code .npz} archive with 1-D arrays {@code t} (µs), {@code x}, {@code y}, {@code p} of equal
 * length — the {@code events_np} cache SpikingJelly writes ({@code np.savez[_compressed](t=, x=, y=, p=)}) and
 * tonic-style exports. Entries may be stored or deflated, of any integer width, float or (for {@code p}) bool
 * dtype, either byte order; values are validated as {@link EventColumns} describes. The four columns are streamed
 * in lockstep, a batch at a time, so memory stays constant. Other keys are ignored. The archive does not declare a
 * sensor size ({@link RecordingInfo} reports 0 × 0).
 */
public final class NpzEventReader extends AbstractEventReader {
  /** Required keys, in column order. */
  public static final String[] KEYS = {"t", "x", "y", "p"};

  private final NpzFile npz;
  private final NpyInput[] cols = new NpyInput[4];
  private final NpyDtype[] dtypes = new NpyDtype[4];
  private final byte[][] bufs = new byte[4][];
  private final EventColumns conv = new EventColumns();
  private final long count;

  /** Opens local file {@code file}. */
  public NpzEventReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor. The four columns are read through it as independent positional streams.
   */
  public NpzEventReader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    String file = source.name();
    setInfo(new RecordingInfo(file, EventFormat.NPZ, 0, 0));
    NpzFile z = null;
    try {
      z = NpzFile.open(source);
      for (String k : KEYS) {
        if (!z.contains(k)) {
          throw new EventFileException(file, -1, "missing array '" + k + "': an event .npz needs keys t, x, y, p;"
              + " this one has " + z.keys());
        }
      }
      long n = -1;
      for (int c = 0; c < 4; c++) {
        NpyInput in = z.open(KEYS[c]);
        cols[c] = in;
        NpyHeader h = in.header();
        long at = z.dataOffset(KEYS[c]);
        if (h.isStructured()) {
          throw new EventFileException(file, at, "array '" + KEYS[c] + "' is structured " + h.descrLiteral()
              + " (expected a 1-D numeric array)");
        }
        if (h.shape().length != 1) {
          throw new EventFileException(file, at, "array '" + KEYS[c] + "' has shape " + Arrays.toString(h.shape())
              + " (expected 1-D)");
        }
        String bad = EventColumns.checkDtype(KEYS[c], h.scalar());
        if (bad != null) {
          throw new EventFileException(file, at, bad);
        }
        if (n >= 0 && h.count() != n) {
          throw new EventFileException(file, at, "array '" + KEYS[c] + "' has " + h.count()
              + " elements but 't' has " + n + " (columns must have equal length)");
        }
        n = h.count();
        dtypes[c] = h.scalar();
      }
      count = n;
    } catch (IOException | RuntimeException e) {
      try {
        for (NpyInput in : cols) {
          if (in != null) {
            in.close();
          }
        }
        if (z != null) {
          z.close();
        }
      } finally {
        super.close();
      }
      throw e;
    }
    npz = z;
  }

  /** Number of events in the archive (known from the headers). */
  public long eventCount() {
    return count;
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long row0 = cols[0].elementsRead();
    int k = (int) Math.min(batch.capacity(), count - row0);
    if (k <= 0) {
      return;
    }
    for (int c = 0; c < 4; c++) {
      int need = k * dtypes[c].size();
      if (bufs[c] == null || bufs[c].length < need) {
        bufs[c] = new byte[need];
      }
      cols[c].readElements(bufs[c], k);
    }
    conv.t(bufs[0], 0, dtypes[0].size(), dtypes[0], batch.t(), k, row0, rowError(0));
    conv.coordinate("x", bufs[1], 0, dtypes[1].size(), dtypes[1], batch.x(), k, row0, rowError(1));
    conv.coordinate("y", bufs[2], 0, dtypes[2].size(), dtypes[2], batch.y(), k, row0, rowError(2));
    conv.polarity(bufs[3], 0, dtypes[3].size(), dtypes[3], batch.p(), k, row0, rowError(3));
    batch.setSize(k);
  }

  private RowError rowError(int c) {
    NpyInput in = cols[c];
    return (row, problem) -> in.errorAtElement(row, "array '" + KEYS[c] + "' " + problem);
  }

  @Override
  public long bytesRead() {
    long b = 0;
    for (NpyInput in : cols) {
      b += in.source().fileBytesRead();
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    try {
      for (NpyInput in : cols) {
        in.close();
      }
      npz.close();
    } finally {
      super.close();
    }
  }
}
