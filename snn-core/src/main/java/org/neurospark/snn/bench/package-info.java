/** Benchmark entry points (plain main classes, not tests): {@link org.neurospark.snn.bench.EngineBench}. */
package org.neurospark.snn.bench;
