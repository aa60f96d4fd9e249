/**
 * The {@code neurospark} Spark DataSource V2: query raw event recordings without ingesting them.
 *
 * <pre>{@code
 * Dataset<Row> ev = spark.read().format("neurospark").option("catalog", "nmnist").load("/data/N-MNIST");
 * ev.where("split = 'test' AND label = 7").groupBy("sample_id").count();
 * }</pre>
 *
 * <p>Rows are the events of every sample the catalog lists under the path, with the ingest job's sample ids and
 * event columns ({@link org.neurospark.spark.source.EventColumns#SCHEMA}). One input partition reads one sample (a
 * recording, or one segment of a DVS128 Gesture recording) with event-io's readers into columnar batches; filters
 * on {@code sample_id}, {@code label}, {@code split} and {@code class_name} prune samples on the driver, so pruned
 * recordings are never opened. Entry point: {@link org.neurospark.spark.source.NeurosparkDataSource}.
 */
package org.neurospark.spark.source;
