package org.neurospark.events.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.neurospark.events.arrow.EventSchema;

/**
 * The Parquet message type of Neurospark event files, the Parquet image of {@link EventSchema}:
 * <pre>
 * message neurospark_events {
 *   required int64 t;                    // µs
 *   required int32 x (INTEGER(16,true)); // pixel column
 *   required int32 y (INTEGER(16,true)); // pixel row
 *   required int32 p (INTEGER(8,true));  // 0 = OFF, 1 = ON
 * }
 * </pre>
 * pyarrow / Spark read it as int64, int16, int16, int8. The file's key-value metadata holds the same keys as the Arrow
 * schema metadata ({@link EventSchema#WIDTH}, {@link EventSchema#HEIGHT}, {@link EventSchema#SOURCE_FILE},
 * {@link EventSchema#FORMAT}, {@link EventSchema#TIME_UNIT}, {@link EventSchema#VERSION}).
 */
public final class ParquetEventSchema {
  /** The message type. */
  public static final MessageType MESSAGE = Types.buildMessage()
      .required(PrimitiveTypeName.INT64).named(EventSchema.T)
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(EventSchema.X)
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(EventSchema.Y)
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named(EventSchema.P)
      .named("neurospark_events");

  private ParquetEventSchema() {}
}
