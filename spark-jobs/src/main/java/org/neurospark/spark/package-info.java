/** Neurospark's Spark jobs: {@link org.neurospark.spark.SparkCli} (ingest, frames) and the session settings they need. */
package org.neurospark.spark;
