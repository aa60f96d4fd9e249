/**
 * {@code spark eval}: distributed inference of a {@code spark train} run's model over the test split of
 * {@code TABLES/frames} — accuracy, per-class accuracy, confusion matrix and firing rate per spiking layer, written
 * as {@code REPORT/report.json}, a Parquet table of per-sample predictions and a confusion-matrix PNG.
 */
package org.neurospark.spark.train.eval;
