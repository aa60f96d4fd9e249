/** Benchmark entry points (plain main classes, not tests): {@link org.neurospark.snn.bench.EngineBench},
 * {@link org.neurospark.snn.bench.TrainBench} (training-step images/s). */
package org.neurospark.snn.bench;
