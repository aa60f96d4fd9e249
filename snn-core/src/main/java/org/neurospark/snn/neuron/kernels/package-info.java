/**
 * Fused multi-step CPU kernels over time-major [T, N] float arrays: forward saves only H, backward is the closed-
 * form BPTT recurrence; multi-threaded over N, specialised per model for the JIT.
 */
package org.neurospark.snn.neuron.kernels;
