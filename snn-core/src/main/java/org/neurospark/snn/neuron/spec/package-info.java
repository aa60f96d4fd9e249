/**
 * The neuron math written once, as data: a small immutable expression IR ({@link
 * org.neurospark.snn.neuron.spec.Expr}: variables, named parameters, constants, + − × ÷, neg, abs, exp, log, sqrt,
 * tanh, atan, sin, cos, signum, erfc, pow, min/max, fma, comparisons and select; locals and one bounded sum per
 * {@link org.neurospark.snn.neuron.spec.Body}) and the catalogue {@link org.neurospark.snn.neuron.spec.NeuronMath}
 * of every surrogate function, charge equation (IF, LIF, PLIF, QIF, EIF, both decay_input forms) and reset.
 *
 * <p>From it: {@link org.neurospark.snn.neuron.spec.NeuronMathGenerator} writes the Java CPU code
 * ({@code surrogate/SurrogateMath.java}, {@code neuron/dynamics/DynamicsMath.java}, checked in, drift-tested), to
 * which the surrogate and charge classes and {@code NeuronSpec} delegate; {@link
 * org.neurospark.snn.neuron.spec.CudaEmitter} writes the same functions as {@code __host__ __device__} CUDA C; {@link
 * org.neurospark.snn.neuron.spec.CudaKernelEmitter} writes fused multi-step forward/BPTT kernels of a {@code
 * NeuronSpec}. All are pure string generators; snn-core needs no CUDA library.
 */
package org.neurospark.snn.neuron.spec;
