package org.neurospark.events.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.PageReader;

/**
 * Reads the values of one required, PLAIN-encoded INT32/INT64 column chunk page by page straight into primitive
 * arrays (the fast path of {@link ParquetEventReader} for files written by {@link ParquetEventWriter}): a V1 data
 * page of a required column holds no level bytes, only {@code valueCount} little-endian values. Pages arrive
 * decompressed from Parquet's page reader. Any other page kind raises {@link IllegalStateException}.
 */
final class PlainColumnCursor {
  private final String column;
  private final int width;
  private PageReader pages;
  private ByteBuffer page;
  private int pos;
  private int left;

  /** @param width bytes per value: 4 (INT32) or 8 (INT64) */
  PlainColumnCursor(String column, int width) {
    this.column = column;
    this.width = width;
  }

  /** Starts reading a new column chunk. */
  void reset(PageReader pages) {
    this.pages = pages;
    this.page = null;
    this.left = 0;
  }

  private void nextPage() {
    DataPage dp = pages.readPage();
    if (dp == null) {
      throw new IllegalStateException("column " + column + " has fewer values than the row group's rows");
    }
    if (!(dp instanceof DataPageV1 v1) || v1.getValueEncoding() != Encoding.PLAIN) {
      throw new IllegalStateException("column " + column + ": unexpected page " + dp + " (expected a PLAIN V1 page)");
    }
    ByteBuffer b;
    try {
      b = v1.getBytes().toByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("column " + column + ": page bytes unreadable: " + e.getMessage(), e);
    }
    long need = (long) v1.getValueCount() * width;
    if (b.remaining() != need) {
      throw new IllegalStateException("column " + column + ": page of " + v1.getValueCount() + " values holds "
          + b.remaining() + " bytes, expected " + need);
    }
    page = b;
    pos = 0;
    left = v1.getValueCount();
  }

  /** Loads pages until the current one has values left; returns how many of the next {@code n} it holds. */
  private int run(int n) {
    while (left == 0) {
      nextPage();
    }
    return Math.min(n, left);
  }

  /** Moves past {@code k} values of the current page, ending at byte {@code p}. */
  private void consumed(int k, int p) {
    pos = p;
    left -= k;
  }

  void readLongs(long[] dst, int off, int n) {
    while (n > 0) {
      int k = run(n);
      ByteBuffer b = page;
      int p = pos;
      for (int i = 0; i < k; i++, p += 8) {
        dst[off + i] = b.getLong(p);
      }
      consumed(k, p);
      off += k;
      n -= k;
    }
  }

  void readInts(int[] dst, int off, int n) {
    while (n > 0) {
      int k = run(n);
      ByteBuffer b = page;
      int p = pos;
      for (int i = 0; i < k; i++, p += 4) {
        dst[off + i] = b.getInt(p);
      }
      consumed(k, p);
      off += k;
      n -= k;
    }
  }

  /** Reads INT32 values that must be 0 or 1 into bytes; returns the index of the first bad value or -1. */
  int readBits(byte[] dst, int off, int n) {
    int bad = -1;
    while (n > 0) {
      int k = run(n);
      ByteBuffer b = page;
      int p = pos;
      for (int i = 0; i < k; i++, p += 4) {
        int v = b.getInt(p);
        if ((v & ~1) != 0 && bad < 0) {
          bad = off + i;
        }
        dst[off + i] = (byte) v;
      }
      consumed(k, p);
      off += k;
      n -= k;
    }
    return bad;
  }
}
