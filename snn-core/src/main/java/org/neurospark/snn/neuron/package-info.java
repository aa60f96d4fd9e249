/**
 * Spiking neuron layers with SpikingJelly semantics (IF, LIF, PLIF, QIF, EIF, Izhikevich, KLIF, LIAF) and
 * snnTorch's Leaky/Synaptic: stateful modules with step modes 's'/'m', reset/detach, an array API with per-module
 * BPTT and a tensor (autograd) API on the fused kernels.
 */
package org.neurospark.snn.neuron;
