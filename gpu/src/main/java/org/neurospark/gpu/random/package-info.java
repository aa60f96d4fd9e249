/**
 * Counter-based random numbers shared by host and device: {@link org.neurospark.gpu.random.Philox4x32}
 * (Philox4x32-10, Random123's constants and known-answer vectors) and {@link org.neurospark.gpu.random.PhiloxDropout}
 * (the dropout-mask stream the CUDA kernel draws too).
 */
package org.neurospark.gpu.random;
