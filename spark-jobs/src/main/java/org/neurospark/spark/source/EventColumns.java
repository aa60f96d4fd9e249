package org.neurospark.spark.source;

import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of the {@code neurospark} source: one row per event of a sample. The sample columns are those of the
 * ingest job's {@code samples} table and the event columns those of its {@code events} table
 * ({@link org.neurospark.spark.tables.Tables}).
 *
 * <ul>
 *   <li>{@code sample_id} string: the recording's path relative to the loaded folder ({@code /}-separated), plus
 *   {@code #<label>/<name>} for a segment of a DVS128 Gesture recording (as {@code ingest} writes it);</li>
 *   <li>{@code label} int: class index (0-based, the catalog's class order); {@code split} string: {@code train},
 *   {@code test} or {@code none}; {@code class_name} string;</li>
 *   <li>{@code t} bigint: timestamp in µs as the file stores it (not rebased); {@code x}, {@code y} smallint: pixel
 *   column and row (0-based); {@code p} tinyint: polarity, 1 = ON, 0 = OFF.</li>
 * </ul>
 */
public final class EventColumns {
  private EventColumns() {}

  public static final String SAMPLE_ID = "sample_id";
  public static final String LABEL = "label";
  public static final String SPLIT = "split";
  public static final String CLASS_NAME = "class_name";
  public static final String T = "t";
  public static final String X = "x";
  public static final String Y = "y";
  public static final String P = "p";

  /** The source's schema, in this column order. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
      DataTypes.createStructField(LABEL, DataTypes.IntegerType, false),
      DataTypes.createStructField(SPLIT, DataTypes.StringType, false),
      DataTypes.createStructField(CLASS_NAME, DataTypes.StringType, false),
      DataTypes.createStructField(T, DataTypes.LongType, false),
      DataTypes.createStructField(X, DataTypes.ShortType, false),
      DataTypes.createStructField(Y, DataTypes.ShortType, false),
      DataTypes.createStructField(P, DataTypes.ByteType, false)});

  /** The columns that are constant within a sample (filters on them prune samples). */
  public static final Set<String> SAMPLE_COLUMNS = Set.of(SAMPLE_ID, LABEL, SPLIT, CLASS_NAME);
}
