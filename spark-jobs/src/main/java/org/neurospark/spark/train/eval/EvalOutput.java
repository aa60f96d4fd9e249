package org.neurospark.spark.train.eval;

import java.io.Serializable;

/** What an evaluation task emits: one prediction per sample, then its partition's sums ({@code stats} set). */
record EvalOutput(String sampleId, int label, int prediction, PartitionStats stats) implements Serializable {
  private static final long serialVersionUID = 1L;
}
