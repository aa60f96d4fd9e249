package org.neurospark.spark.source;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Creates the executors' readers: columnar batches ({@link RecordingBatchReader}), rows only on request. */
final class RecordingReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final SourceOptions options;
  private final StructType schema;

  RecordingReaderFactory(SourceOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new RecordingBatchReader((RecordingPartition) partition, schema, options);
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new RecordingRowReader(new RecordingBatchReader((RecordingPartition) partition, schema, options));
  }
}
