/** Command-line parsing for {@link org.neurospark.spark.SparkCli} (no CLI framework). */
package org.neurospark.spark.cli;
