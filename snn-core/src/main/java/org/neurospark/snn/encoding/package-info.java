/**
 * Input encoders of SpikingJelly: Poisson (seeded), latency (linear/log), weighted phase, direct (repeat T).
 */
package org.neurospark.snn.encoding;
