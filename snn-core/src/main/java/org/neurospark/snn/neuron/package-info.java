/**
 * Spiking neuron layers with SpikingJelly semantics (IF, LIF, PLIF, QIF, EIF, Izhikevich, KLIF, LIAF) and
 * snnTorch's Leaky/Synaptic, as {@link org.neurospark.snn.nn.Module}s: step modes 's'/'m', reset/detach of the
 * state, each call one fused autograd op over the multi-step kernels of {@code neuron.kernels}.
 */
package org.neurospark.snn.neuron;
