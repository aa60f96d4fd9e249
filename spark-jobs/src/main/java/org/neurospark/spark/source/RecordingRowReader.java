package org.neurospark.spark.source;

import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Rows over a {@link RecordingBatchReader}'s batches, for a plan that asks for rows (Spark normally reads this
 * source columnar). {@link #get()} returns a view of the current batch, valid until the next {@link #next()}.
 */
final class RecordingRowReader implements PartitionReader<InternalRow> {
  private final RecordingBatchReader batches;
  private ColumnarBatch batch;
  private int row;

  RecordingRowReader(RecordingBatchReader batches) {
    this.batches = batches;
  }

  @Override
  public boolean next() throws IOException {
    while (batch == null || ++row >= batch.numRows()) {
      if (!batches.next()) {
        batch = null;
        return false;
      }
      batch = batches.get();
      row = -1;
    }
    return true;
  }

  @Override
  public InternalRow get() {
    return batch.getRow(row);
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return batches.currentMetricsValues();
  }

  @Override
  public void close() throws IOException {
    batches.close();
  }
}
