/** The {@code frames} job: SpikingJelly frame integration of the events tables, distributed by sample. */
package org.neurospark.spark.frames;
