/**
 * Data-parallel training of spiking networks with periodic parameter averaging: {@link
 * org.neurospark.spark.train.ReplicaTrainer} (one worker's replica: K local steps, then a sample-weighted average of
 * parameters and optimizer state), {@link org.neurospark.spark.train.RoundPlan} (which steps a round holds) and the
 * {@link org.neurospark.spark.train.ParameterAverager}s that exchange the state (ring all-reduce between Spark
 * barrier tasks, or threads of one JVM).
 */
package org.neurospark.spark.train;
