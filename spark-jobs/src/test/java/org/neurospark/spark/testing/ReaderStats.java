package org.neurospark.spark.testing;

import java.io.IOException;
import java.math.BigInteger;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventReader;

/**
 * Statistics of a recording's events as event-io's reader yields them: count, first/last timestamp, column sums and
 * an order-sensitive checksum {@code Σ i·(t + 3x + 5y + 7p)} with {@code i} the 1-based position in file order.
 */
public record ReaderStats(long count, Long tFirst, Long tLast, BigInteger sumT, long sumX, long sumY, long sumP,
    BigInteger ordered) {

  /** Reads {@code r} to the end (and closes it). */
  public static ReaderStats of(EventReader r) throws IOException {
    long n = 0;
    Long first = null;
    Long last = null;
    BigInteger st = BigInteger.ZERO;
    long sx = 0;
    long sy = 0;
    long sp = 0;
    BigInteger ord = BigInteger.ZERO;
    try (r) {
      EventBatch b = new EventBatch();
      while (r.read(b)) {
        for (int i = 0; i < b.size(); i++) {
          n++;
          long t = b.t()[i];
          if (first == null) {
            first = t;
          }
          last = t;
          st = st.add(BigInteger.valueOf(t));
          sx += b.x()[i];
          sy += b.y()[i];
          sp += b.p()[i];
          long v = t + 3L * b.x()[i] + 5L * b.y()[i] + 7L * b.p()[i];
          ord = ord.add(BigInteger.valueOf(n).multiply(BigInteger.valueOf(v)));
        }
      }
    }
    return new ReaderStats(n, first, last, st, sx, sy, sp, ord);
  }

  /**
   * The Spark SQL aggregates that compute the same columns over {@code events} rows grouped by {@code sample_id},
   * with file order = (Parquet file, row index) of the Delta table's data files.
   */
  public static final String[] SQL = {
      "count(*) AS n", "min_by(t, i) AS t_first", "max_by(t, i) AS t_last", "sum(cast(t AS decimal(38,0))) AS st",
      "sum(cast(x AS bigint)) AS sx", "sum(cast(y AS bigint)) AS sy", "sum(cast(p AS bigint)) AS sp",
      "sum(cast(i AS decimal(20,0)) * cast(t + 3 * cast(x AS bigint) + 5 * cast(y AS bigint) + 7 * cast(p AS bigint)"
          + " AS decimal(20,0))) AS ord"};
}
