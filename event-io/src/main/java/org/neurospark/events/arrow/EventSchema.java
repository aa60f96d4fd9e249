package org.neurospark.events.arrow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.neurospark.events.RecordingInfo;

/**
 * The Arrow schema of Neurospark event tables (also used, column for column, by the Parquet files of
 * {@link org.neurospark.events.parquet.ParquetEventWriter}).
 *
 * <table>
 *   <caption>Columns (all non-nullable)</caption>
 *   <tr><th>name</th><th>Arrow type</th><th>meaning</th></tr>
 *   <tr><td>{@code t}</td><td>Int64 (signed)</td><td>timestamp in µs, as the reader delivered it (raw or rebased)</td></tr>
 *   <tr><td>{@code x}</td><td>Int16 (signed)</td><td>pixel column, 0-based</td></tr>
 *   <tr><td>{@code y}</td><td>Int16 (signed)</td><td>pixel row, 0-based</td></tr>
 *   <tr><td>{@code p}</td><td>Int8 (signed)</td><td>polarity, 0 = OFF, 1 = ON</td></tr>
 * </table>
 *
 * <p>Why these types: Int16 holds every sensor in use (the largest, 1280 × 720, and AEDAT 3.1's 15-bit fields) at
 * half the bytes of Int32, and matches the {@code t:i8, x:i2, y:i2, p:u1} layout of tonic / expelliarmus arrays; p is
 * Int8 rather than Bool so that it converts to and from NumPy/pandas as the number 0/1 and is written without
 * bit-packing. Plain Int64 (not an Arrow Timestamp) for t because timestamps are often relative to the recording start.
 *
 * <p>Schema metadata (string values): {@link #WIDTH} and {@link #HEIGHT} (sensor size in pixels, "0" when
 * unknown), {@link #SOURCE_FILE} (the recording's path as given), {@link #FORMAT} (the recording's
 * {@link org.neurospark.events.EventFormat#id()}), {@link #TIME_UNIT} ("us"), {@link #VERSION} ("1").
 */
public final class EventSchema {
  /** Metadata key: sensor width in pixels, "0" when unknown. */
  public static final String WIDTH = "neurospark.width";
  /** Metadata key: sensor height in pixels, "0" when unknown. */
  public static final String HEIGHT = "neurospark.height";
  /** Metadata key: path of the recording the events came from. */
  public static final String SOURCE_FILE = "neurospark.source_file";
  /** Metadata key: format id of the source recording (e.g. "aedat4"). */
  public static final String FORMAT = "neurospark.format";
  /** Metadata key: unit of column t; always "us". */
  public static final String TIME_UNIT = "neurospark.time_unit";
  /** Metadata key: version of this schema; "1". */
  public static final String VERSION = "neurospark.schema_version";

  public static final String T = "t";
  public static final String X = "x";
  public static final String Y = "y";
  public static final String P = "p";

  private EventSchema() {}

  /** The column fields, in order t, x, y, p. */
  public static List<Field> fields() {
    return List.of(field(T, 64), field(X, 16), field(Y, 16), field(P, 8));
  }

  private static Field field(String name, int bits) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(bits, true)), null);
  }

  /** The schema for events of {@code info} (its size, file and format go into the metadata). */
  public static Schema schema(RecordingInfo info) {
    return new Schema(fields(), metadata(info));
  }

  /** The schema metadata for {@code info}. */
  public static Map<String, String> metadata(RecordingInfo info) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(WIDTH, Integer.toString(info.width()));
    m.put(HEIGHT, Integer.toString(info.height()));
    m.put(SOURCE_FILE, info.source() == null ? "" : info.source());
    m.put(FORMAT, info.format().id());
    m.put(TIME_UNIT, "us");
    m.put(VERSION, "1");
    return m;
  }

  /**
   * The sensor size recorded in {@code metadata} ({@link #WIDTH}, {@link #HEIGHT}; 0 when absent) as
   * {@code {width, height}}.
   *
   * @param where what holds the metadata, for the message (e.g. "Arrow schema metadata")
   * @throws org.neurospark.events.EventFileException when a value is not an integer
   */
  public static int[] sensorSize(java.nio.file.Path file, Map<String, String> metadata, String where)
      throws org.neurospark.events.EventFileException {
    return sensorSize(String.valueOf(file), metadata, where);
  }

  /** Like {@link #sensorSize(java.nio.file.Path, Map, String)} for a source named {@code source} (path or URI). */
  public static int[] sensorSize(String source, Map<String, String> metadata, String where)
      throws org.neurospark.events.EventFileException {
    try {
      return new int[] {Integer.parseInt(metadata.getOrDefault(WIDTH, "0")),
          Integer.parseInt(metadata.getOrDefault(HEIGHT, "0"))};
    } catch (NumberFormatException e) {
      throw new org.neurospark.events.EventFileException(source, -1, where + " " + WIDTH + " = '"
          + metadata.get(WIDTH)
          + "', " + HEIGHT + " = '" + metadata.get(HEIGHT) + "' (expected integers)");
    }
  }
}
