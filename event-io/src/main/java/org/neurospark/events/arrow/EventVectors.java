package org.neurospark.events.arrow;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.neurospark.events.EventBatch;

/**
 * Converts {@link EventBatch}es into one reused {@link VectorSchemaRoot} of the {@link EventSchema} columns: the
 * vectors are allocated once (from the caller's {@link BufferAllocator}) and grown only when a batch is larger than
 * any before, and values are written straight into the data buffers. Close it (try-with-resources) to release the
 * off-heap memory before closing the allocator.
 *
 * <pre>{@code
 * try (BufferAllocator a = new RootAllocator(); EventVectors v = new EventVectors(a, EventSchema.schema(info))) {
 *   VectorSchemaRoot root = v.fill(batch);   // root.getRowCount() == batch.size()
 * }
 * }</pre>
 */
public final class EventVectors implements AutoCloseable {
  private final VectorSchemaRoot root;
  private final BigIntVector t;
  private final SmallIntVector x;
  private final SmallIntVector y;
  private final TinyIntVector p;

  /**
   * @param allocator where the vectors' buffers come from
   * @param schema an {@link EventSchema} schema (metadata may differ)
   */
  public EventVectors(BufferAllocator allocator, Schema schema) {
    root = VectorSchemaRoot.create(schema, allocator);
    t = (BigIntVector) root.getVector(EventSchema.T);
    x = (SmallIntVector) root.getVector(EventSchema.X);
    y = (SmallIntVector) root.getVector(EventSchema.Y);
    p = (TinyIntVector) root.getVector(EventSchema.P);
    root.allocateNew();
  }

  /** The root that {@link #fill} writes into. */
  public VectorSchemaRoot root() {
    return root;
  }

  /**
   * Copies the events of {@code b} into the root (replacing its previous rows) and returns it.
   *
   * @throws IllegalArgumentException when x or y does not fit Int16 or p is not 0/1
   */
  public VectorSchemaRoot fill(EventBatch b) {
    int n = b.size();
    while (t.getValueCapacity() < n) {
      t.reAlloc();
    }
    while (x.getValueCapacity() < n) {
      x.reAlloc();
    }
    while (y.getValueCapacity() < n) {
      y.reAlloc();
    }
    while (p.getValueCapacity() < n) {
      p.reAlloc();
    }
    long[] ts = b.t();
    int[] xs = b.x();
    int[] ys = b.y();
    byte[] ps = b.p();
    ArrowBuf td = t.getDataBuffer();
    ArrowBuf xd = x.getDataBuffer();
    ArrowBuf yd = y.getDataBuffer();
    ArrowBuf pd = p.getDataBuffer();
    for (int i = 0; i < n; i++) {
      int xi = xs[i];
      int yi = ys[i];
      int pi = ps[i];
      if (xi != (short) xi || yi != (short) yi || (pi & ~1) != 0) {
        throw new IllegalArgumentException("event " + i + " (x " + xi + ", y " + yi + ", p " + pi
            + ") does not fit the event schema (x, y Int16; p 0/1)");
      }
      td.setLong(8L * i, ts[i]);
      xd.setShort(2L * i, xi);
      yd.setShort(2L * i, yi);
      pd.setByte(i, pi);
    }
    int validityBytes = (n + 7) >>> 3;
    t.getValidityBuffer().setOne(0, validityBytes);
    x.getValidityBuffer().setOne(0, validityBytes);
    y.getValidityBuffer().setOne(0, validityBytes);
    p.getValidityBuffer().setOne(0, validityBytes);
    root.setRowCount(n);
    return root;
  }

  /**
   * Appends rows {@code [from, from + count)} of an event-schema root to {@code out} (which must have room).
   *
   * @throws IllegalArgumentException when a column holds nulls or has an unexpected type
   */
  public static void copyRows(VectorSchemaRoot src, int from, int count, EventBatch out) {
    long[] ts = out.t();
    int[] xs = out.x();
    int[] ys = out.y();
    byte[] ps = out.p();
    int o = out.size();
    BigIntVector tv = (BigIntVector) src.getVector(EventSchema.T);
    SmallIntVector xv = (SmallIntVector) src.getVector(EventSchema.X);
    SmallIntVector yv = (SmallIntVector) src.getVector(EventSchema.Y);
    TinyIntVector pv = (TinyIntVector) src.getVector(EventSchema.P);
    if (tv.getNullCount() + xv.getNullCount() + yv.getNullCount() + pv.getNullCount() > 0) {
      throw new IllegalArgumentException("event columns must not contain nulls");
    }
    ArrowBuf td = tv.getDataBuffer();
    ArrowBuf xd = xv.getDataBuffer();
    ArrowBuf yd = yv.getDataBuffer();
    ArrowBuf pd = pv.getDataBuffer();
    for (int i = 0; i < count; i++) {
      int r = from + i;
      ts[o + i] = td.getLong(8L * r);
      xs[o + i] = xd.getShort(2L * r);
      ys[o + i] = yd.getShort(2L * r);
      ps[o + i] = pd.getByte(r);
    }
    out.setSize(o + count);
  }

  @Override
  public void close() {
    root.close();
  }
}
