package org.neurospark.events.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;

/**
 * PLAIN encoding for INT32/INT64 columns into one reused, growable {@code byte[]} per column, written with
 * little-endian array views (one store per value). Parquet's own PLAIN writer goes byte by byte through an
 * OutputStream chain and a fresh slab list per page, which made it the bottleneck of event conversion. The output
 * bytes are exactly the PLAIN encoding (values little-endian, back to back). Other column types use Parquet's
 * default writers.
 */
final class PlainValuesWriterFactory implements ValuesWriterFactory {
  private final DefaultValuesWriterFactory fallback = new DefaultValuesWriterFactory();

  @Override
  public void initialize(ParquetProperties properties) {
    fallback.initialize(properties);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
    switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
      case INT32:
      case INT64:
        return new Plain();
      default:
        return fallback.newValuesWriter(descriptor);
    }
  }

  /** PLAIN INT32/INT64 values in a reused array. */
  static final class Plain extends ValuesWriter {
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf = new byte[1 << 16];
    private int len;

    @Override
    public void writeInteger(int v) {
      if (buf.length - len < 4) {
        grow();
      }
      I32.set(buf, len, v);
      len += 4;
    }

    @Override
    public void writeLong(long v) {
      if (buf.length - len < 8) {
        grow();
      }
      I64.set(buf, len, v);
      len += 8;
    }

    private void grow() {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }

    @Override
    public long getBufferedSize() {
      return len;
    }

    /** The page's bytes; valid until the next {@link #reset()} (Parquet copies them when writing the page). */
    @Override
    public BytesInput getBytes() {
      return BytesInput.from(buf, 0, len);
    }

    @Override
    public Encoding getEncoding() {
      return Encoding.PLAIN;
    }

    @Override
    public void reset() {
      len = 0;
    }

    @Override
    public long getAllocatedSize() {
      return buf.length;
    }

    @Override
    public String memUsageString(String prefix) {
      return prefix + " PLAIN " + len + " of " + buf.length + " bytes";
    }
  }
}
