/** The {@code ingest} job: catalog listing on the driver, decoding on executors, incremental and atomic Delta commits. */
package org.neurospark.spark.ingest;
