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
import org.neurospark.events.npy.NpyField;
import org.neurospark.events.npy.NpyHeader;
import org.neurospark.events.npy.NpyInput;

/**
 * Events from a 1-D structured {@code .npy} array with fields {@code t} (µs), {@code x}, {@code y}, {@code p} — the
 * layout tonic and expelliarmus use (e.g. {@code [('t','<i8'), ('x','<i2'), ('y','<i2'), ('p','|u1')]}); fields
 * may sit at any offsets, padding and extra fields are ignored, and each field may have any supported integer,
 * float or (for {@code p}) bool dtype. Records are streamed a batch at a time; values are validated as
 * {@link EventColumns} describes. No sensor size is declared ({@link RecordingInfo} reports 0 × 0).
 */
public final class NpyEventReader extends AbstractEventReader {
  private final NpyInput npy;
  private final NpyField[] fields = new NpyField[4];
  private final EventColumns conv = new EventColumns();
  private byte[] buf = new byte[0];

  /** Opens local file {@code file}. */
  public NpyEventReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor.
   */
  public NpyEventReader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    String file = source.name();
    setInfo(new RecordingInfo(file, EventFormat.NPY, 0, 0));
    NpyInput in = null;
    try {
      in = NpyInput.open(source);
      NpyHeader h = in.header();
      if (!h.isStructured()) {
        throw new EventFileException(file, 0, "plain array of " + h.scalar().descr() + " with shape "
            + Arrays.toString(h.shape()) + ": expected a structured array with fields t, x, y, p");
      }
      if (h.shape().length != 1) {
        throw new EventFileException(file, 0, "structured array of shape " + Arrays.toString(h.shape())
            + " (expected 1-D)");
      }
      for (int c = 0; c < 4; c++) {
        String name = NpzEventReader.KEYS[c];
        NpyField f = h.field(name);
        if (f == null) {
          throw new EventFileException(file, 0, "missing field '" + name + "': expected fields t, x, y, p, found "
              + h.fieldNames());
        }
        if (f.offset() + f.dtype().size() > h.itemSize()) {
          throw new EventFileException(file, 0, "field '" + name + "' at offset " + f.offset()
              + " runs past the " + h.itemSize() + "-byte record");
        }
        String bad = EventColumns.checkDtype(name, f.dtype());
        if (bad != null) {
          throw new EventFileException(file, 0, bad.replace("column", "field"));
        }
        fields[c] = f;
      }
    } catch (IOException | RuntimeException e) {
      try {
        if (in != null) {
          in.close();
        }
      } finally {
        super.close();
      }
      throw e;
    }
    npy = in;
  }

  /** Number of events (records) in the file. */
  public long eventCount() {
    return npy.count();
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    long row0 = npy.elementsRead();
    int item = npy.header().itemSize();
    int k = (int) Math.min(batch.capacity(), npy.remaining());
    if (k <= 0) {
      return;
    }
    if (buf.length < k * item) {
      buf = new byte[k * item];
    }
    npy.readElements(buf, k);
    RowError err = npy::errorAtElement;
    conv.t(buf, fields[0].offset(), item, fields[0].dtype(), batch.t(), k, row0, err);
    conv.coordinate("x", buf, fields[1].offset(), item, fields[1].dtype(), batch.x(), k, row0, err);
    conv.coordinate("y", buf, fields[2].offset(), item, fields[2].dtype(), batch.y(), k, row0, err);
    conv.polarity(buf, fields[3].offset(), item, fields[3].dtype(), batch.p(), k, row0, err);
    batch.setSize(k);
  }

  @Override
  public long bytesRead() {
    return npy.source().fileBytesRead();
  }

  @Override
  public void close() throws IOException {
    try {
      npy.close();
    } finally {
      super.close();
    }
  }
}
