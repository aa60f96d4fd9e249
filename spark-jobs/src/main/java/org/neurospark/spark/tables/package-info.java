/** The Delta tables under a {@code TABLES} folder (samples, events, errors, frames), their schemas, consistent reads and the lock that keeps two runs apart. */
package org.neurospark.spark.tables;
