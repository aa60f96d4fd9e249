package org.neurospark.notebooks.runner;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code z} object bound in every {@code %spark} paragraph: the part of Zeppelin's {@code ZeppelinContext}
 * that the project's notes use, with Zeppelin's output format, so the same note runs in Zeppelin and here.
 * <ul>
 *   <li>{@link #show(Dataset)}: a {@code %table} result of at most {@link #maxResult()} rows;</li>
 *   <li>{@link #put}/{@link #get}: a key–value store shared by all paragraphs and notes of this runner (Zeppelin's
 *   resource pool).</li>
 * </ul>
 * Output goes to {@code System.out}, which the runner captures per paragraph.
 */
public final class NoteContext {
  /** Zeppelin's default {@code zeppelin.spark.maxResult}. */
  public static final int DEFAULT_MAX_RESULT = 1000;

  private final Map<String, Object> resources = new ConcurrentHashMap<>();
  private final int maxResult;

  /** A context showing at most {@code maxResult} rows per table. */
  public NoteContext(int maxResult) {
    if (maxResult < 1) {
      throw new IllegalArgumentException("maxResult must be positive: " + maxResult);
    }
    this.maxResult = maxResult;
  }

  /** Rows shown at most by {@link #show(Dataset)}. */
  public int maxResult() {
    return maxResult;
  }

  /** Shows {@code df} as a {@code %table} (first {@link #maxResult()} rows). */
  public void show(Dataset<?> df) {
    show(df, maxResult);
  }

  /**
   * Shows {@code df} as a {@code %table} of at most {@code maxRows} rows; what the paragraph prints afterwards (and
   * the REPL's echo of its definitions) is a new text result.
   */
  public void show(Dataset<?> df, int maxRows) {
    System.out.print(table(df.toDF(), maxRows) + "\n%text ");
    System.out.flush();
  }

  /**
   * The {@code %table} text of {@code df} as Zeppelin's Spark interpreter writes it: a header line and one line per
   * row, columns separated by tabs (tabs and newlines inside values become spaces; null is {@code null}), then an
   * {@code %html} note when rows were left out.
   */
  public static String table(Dataset<Row> df, int maxRows) {
    String[] cols = df.columns();
    List<Row> rows = df.takeAsList(maxRows + 1);
    StringBuilder sb = new StringBuilder("%table ");
    for (int c = 0; c < cols.length; c++) {
      sb.append(c == 0 ? "" : "\t").append(clean(cols[c]));
    }
    sb.append('\n');
    int n = Math.min(rows.size(), maxRows);
    for (int r = 0; r < n; r++) {
      Row row = rows.get(r);
      for (int c = 0; c < cols.length; c++) {
        sb.append(c == 0 ? "" : "\t").append(clean(String.valueOf(row.get(c))));
      }
      sb.append('\n');
    }
    if (rows.size() > maxRows) {
      sb.append("\n%html <font color=red>Results are limited by ").append(maxRows).append(".</font>\n");
    }
    return sb.toString();
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** Stores {@code value} under {@code name}. */
  public void put(String name, Object value) {
    resources.put(name, value);
  }

  /** The value stored under {@code name}, or null. */
  public Object get(String name) {
    return resources.get(name);
  }

  /** Removes {@code name}. */
  public void remove(String name) {
    resources.remove(name);
  }

}
