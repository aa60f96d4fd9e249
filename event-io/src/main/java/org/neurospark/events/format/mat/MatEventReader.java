package org.neurospark.events.format.mat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFileException;
import org.neurospark.events.EventFormat;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.FileByteSource;

/**
 * Events from a MATLAB Level-5 {@code .mat} file (v5/v6/v7, compressed or not; v7.3/HDF5 is refused with an
 * {@link EventFileException} saying so), in one of two {@link MatLayout layouts} chosen by the variable names:
 * <ul>
 *   <li>{@link MatLayout#ASL_DVS}: vectors {@code ts}, {@code x}, {@code y}, {@code pol} → {@code t} = ts (µs, as
 *       stored; float values are truncated toward zero), {@code x}, {@code y} as stored (must be integers inside
 *       240 × 180), {@code p} = pol (must be 0 or 1). tonic and SpikingJelly mirror axes: see
 *       {@link AslDvsConventions}.</li>
 *   <li>{@link MatLayout#ST_MNIST}: matrix {@code spiketrain} (101 × N), decoded as tonic's prototype reader does:
 *       one event per nonzero taxel value, columns in order and addresses ascending within a column;
 *       {@code x = a % 10}, {@code y = a / 10}, {@code t = (long) (seconds × 1e6)} (truncation, as Python's
 *       {@code int()}), {@code p = max(v, 0)}. Taxel values must be −1, 0 or +1 and times finite.</li>
 * </ul>
 * Values may be stored in any numeric MAT type (MATLAB often writes doubles as miUINT8 etc.); imaginary parts are
 * ignored; struct, cell, char and other non-numeric variables, and numeric variables the layout does not use, are
 * skipped and counted in {@link #skipped()}.
 *
 * <p>Memory: each used variable is streamed separately (its own file position, or its own {@code Inflater} for a
 * compressed element) through a buffer of one batch of values, so memory is constant in the number of events.
 */
public final class MatEventReader extends AbstractEventReader {
  /** The ASL-DVS variable names, in t, x, y, p order. */
  public static final List<String> ASL_DVS_VARIABLES = List.of("ts", "x", "y", "pol");
  /** The ST-MNIST variable name. */
  public static final String ST_MNIST_VARIABLE = "spiketrain";
  /** Rows of an ST-MNIST spiketrain: 100 taxels + the time row. */
  public static final int ST_MNIST_ROWS = 101;

  private static final int ST_MNIST_COLUMNS_PER_CHUNK = 256;

  private final MatFile mat;
  private final MatLayout layout;
  private final MatColumn[] asl = new MatColumn[4];
  private final MatColumn spikes;
  private double[] values = new double[0];
  // ST-MNIST decoding state: columns loaded in `values`, the current one and the next address to scan in it
  private int colCount;
  private int colPos;
  private int addrPos;
  private long bufferStart;
  private boolean exhausted;

  /** Opens local file {@code file}. */
  public MatEventReader(Path file, ReadOptions options) throws IOException {
    this(FileByteSource.open(file), options);
  }

  /**
   * Reads {@code source}, which the reader owns from here on: {@link #close()} closes it, and so does a failing
   * constructor. Each used variable is streamed through it with its own position.
   */
  public MatEventReader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    String file = source.name();
    MatFile m = null;
    try {
      List<String> wanted = new ArrayList<>(ASL_DVS_VARIABLES);
      wanted.add(ST_MNIST_VARIABLE);
      m = MatFile.open(source, Set.copyOf(wanted));
      layout = chooseLayout(m);
      for (Map.Entry<String, Long> e : m.skipped().entrySet()) {
        skip(e.getKey(), e.getValue());
      }
      int used = 0;
      if (layout == MatLayout.ASL_DVS) {
        for (int c = 0; c < 4; c++) {
          asl[c] = m.column(ASL_DVS_VARIABLES.get(c));
        }
        checkAsl();
        spikes = null;
        used = 4;
      } else {
        spikes = m.column(ST_MNIST_VARIABLE);
        checkSpikes();
        used = 1;
      }
      if (m.variables().size() > used) {
        skip("variable", m.variables().size() - used);
      }
      setInfo(new RecordingInfo(file, EventFormat.MAT, layout.width(), layout.height()));
      mat = m;
    } catch (IOException | RuntimeException e) {
      try {
        if (m != null) {
          m.close();
        }
      } finally {
        super.close();
      }
      throw e;
    }
  }

  /** The layout found in the file. */
  public MatLayout layout() {
    return layout;
  }

  /** Names of the file's numeric variables, in file order. */
  public List<String> variableNames() {
    return mat.variableNames();
  }

  /**
   * Number of events when the file says it up front (ASL-DVS: the vector length), or -1 for ST-MNIST, where it is
   * the number of nonzero taxel values and known only after reading.
   */
  public long eventCount() {
    return layout == MatLayout.ASL_DVS ? asl[0].variable().count() : -1;
  }

  private MatLayout chooseLayout(MatFile m) throws EventFileException {
    List<String> missing = new ArrayList<>();
    for (String v : ASL_DVS_VARIABLES) {
      if (m.column(v) == null) {
        missing.add(v);
      }
    }
    if (missing.isEmpty()) {
      return MatLayout.ASL_DVS;
    }
    if (m.column(ST_MNIST_VARIABLE) != null) {
      return MatLayout.ST_MNIST;
    }
    String found = "numeric variables " + m.variableNames() + (m.skipped().isEmpty() ? "" : ", skipped "
        + m.skipped());
    if (missing.size() < 4) {
      throw new EventFileException(m.file(), MatFile.HEADER_BYTES, "missing variable(s) " + missing
          + " of the ASL-DVS layout (ts, x, y, pol as numeric vectors); found " + found);
    }
    throw new EventFileException(m.file(), MatFile.HEADER_BYTES, "no event variables: expected numeric vectors ts, x,"
        + " y, pol (ASL-DVS) or a 101 x N matrix spiketrain (ST-MNIST); found " + found);
  }

  private void checkAsl() throws EventFileException {
    MatVariable t = asl[0].variable();
    for (MatColumn c : asl) {
      MatVariable v = c.variable();
      if (!v.isVector()) {
        throw c.errorAt(0, "dims mismatch: ASL-DVS variables must be vectors, found dimensions "
            + MatFile.dimsText(v.dims()));
      }
      if (v.count() != t.count()) {
        throw c.errorAt(0, "dims mismatch: '" + v.name() + "' has " + v.count() + " values but 'ts' has "
            + t.count());
      }
    }
  }

  private void checkSpikes() throws EventFileException {
    MatVariable v = spikes.variable();
    int[] d = v.dims();
    if (d.length != 2 || (d[0] != ST_MNIST_ROWS && v.count() > 0)) {
      throw spikes.errorAt(0, "dims mismatch: ST-MNIST spiketrain must be " + ST_MNIST_ROWS
          + " x N (100 taxel rows + a time row), found " + MatFile.dimsText(d));
    }
  }

  @Override
  protected void decode(EventBatch batch) throws IOException {
    if (layout == MatLayout.ASL_DVS) {
      decodeAsl(batch);
    } else {
      decodeSpikes(batch);
    }
    exhausted = batch.isEmpty();
  }

  private double[] values(int n) {
    if (values.length < n) {
      values = new double[n];
    }
    return values;
  }

  private void decodeAsl(EventBatch batch) throws IOException {
    int k = (int) Math.min(batch.capacity(), asl[0].remaining());
    if (k <= 0) {
      return;
    }
    double[] d = values(k);
    long row0 = asl[0].index();
    long[] t = batch.t();
    MatColumn ts = asl[0];
    if (ts.isFloat()) {
      ts.readDoubles(d, 0, k);
      for (int i = 0; i < k; i++) {
        double v = d[i];
        if (!(Math.abs(v) < 0x1p63)) {
          throw ts.errorAt(row0 + i, "timestamp ts = " + v + " is not a finite int64 value (µs)");
        }
        t[i] = (long) v;
      }
    } else {
      ts.readLongs(t, 0, k);
    }
    coordinate(asl[1], d, batch.x(), k, row0, layout.width());
    coordinate(asl[2], d, batch.y(), k, row0, layout.height());
    MatColumn pc = asl[3];
    pc.readDoubles(d, 0, k);
    byte[] p = batch.p();
    for (int i = 0; i < k; i++) {
      double v = d[i];
      if (v == 0) {
        p[i] = 0;
      } else if (v == 1) {
        p[i] = 1;
      } else {
        throw pc.errorAt(row0 + i, "polarity pol = " + v + " (expected 0 or 1)");
      }
    }
    batch.setSize(k);
  }

  private static void coordinate(MatColumn c, double[] d, int[] dst, int k, long row0, int limit)
      throws IOException {
    c.readDoubles(d, 0, k);
    for (int i = 0; i < k; i++) {
      double v = d[i];
      int iv = (int) v;
      if (!(v >= 0 && v < limit) || iv != v) {
        throw c.errorAt(row0 + i, "coordinate " + c.variable().name() + " = " + v + " is not an integer pixel index"
            + " in [0, " + (limit - 1) + "] (ASL-DVS sensor 240 x 180)");
      }
      dst[i] = iv;
    }
  }

  private void decodeSpikes(EventBatch batch) throws IOException {
    final int rows = ST_MNIST_ROWS;
    long[] t = batch.t();
    int[] xs = batch.x();
    int[] ys = batch.y();
    byte[] ps = batch.p();
    int cap = batch.capacity();
    int n = 0;
    while (n < cap) {
      if (colPos == colCount) {
        long left = spikes.remaining() / rows;
        if (left == 0) {
          break;
        }
        int m = (int) Math.min(ST_MNIST_COLUMNS_PER_CHUNK, left);
        bufferStart = spikes.index();
        spikes.readDoubles(values(m * rows), 0, m * rows);
        colCount = m;
        colPos = 0;
        addrPos = 0;
      }
      double[] v = values;
      int base = colPos * rows;
      double sec = v[base + rows - 1];
      double us = sec * 1e6;
      if (!(Math.abs(us) < 0x1p63)) {
        throw spikes.errorAt(bufferStart + base + rows - 1, "time " + sec + " s of column " + column()
            + " is not a finite int64 number of µs");
      }
      long tu = (long) us;
      int a = addrPos;
      for (; a < rows - 1 && n < cap; a++) {
        double val = v[base + a];
        if (val == 0) {
          continue;
        }
        byte p;
        if (val == 1) {
          p = 1;
        } else if (val == -1) {
          p = 0;
        } else {
          throw spikes.errorAt(bufferStart + base + a, "taxel value " + val + " at address " + a + " of column "
              + column() + " (expected -1, 0 or +1)");
        }
        t[n] = tu;
        xs[n] = a % 10;
        ys[n] = a / 10;
        ps[n] = p;
        n++;
      }
      if (a == rows - 1) {
        colPos++;
        addrPos = 0;
      } else {
        addrPos = a; // batch full inside this column: resume here
      }
    }
    batch.setSize(n);
  }

  private long column() {
    return bufferStart / ST_MNIST_ROWS + colPos;
  }

  /** Header plus the data bytes of the used variables consumed so far; the file size once every event was read. */
  @Override
  public long bytesRead() {
    if (exhausted) {
      return mat.size();
    }
    long b = MatFile.HEADER_BYTES;
    if (layout == MatLayout.ASL_DVS) {
      for (MatColumn c : asl) {
        b += c.fileBytesRead();
      }
    } else {
      b += spikes.fileBytesRead();
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    try {
      if (mat != null) {
        mat.close();
      }
    } finally {
      super.close();
    }
  }
}
