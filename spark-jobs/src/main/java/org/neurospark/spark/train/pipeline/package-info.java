/** {@code spark pipeline}: ingest → frames → train → eval in one command and one Spark application. */
package org.neurospark.spark.train.pipeline;
