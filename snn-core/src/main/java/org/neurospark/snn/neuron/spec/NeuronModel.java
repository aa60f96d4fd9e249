package org.neurospark.snn.neuron.spec;

/**
 * The neuron models beyond charge–fire–reset whose fused kernels {@link CudaModelKernelEmitter} emits (the CPU's are
 * {@code org.neurospark.snn.neuron.kernels.CpuNeuronModelKernels}).
 */
public enum NeuronModel {
  /** SpikingJelly KLIFNode: LIF charge, F = ReLU(k·H), fire and reset on F; learnable scalar k. */
  KLIF("klif"),
  /** SpikingJelly LIAFNode: the LIF recurrence with the analog output act(H − offset) instead of the spikes. */
  LIAF("liaf"),
  /** SpikingJelly IzhikevichNode: V with the adaptation current W. */
  IZHIKEVICH("izhikevich"),
  /** snnTorch Leaky (first order; learnable β). */
  LEAKY("leaky"),
  /** snnTorch Synaptic (second order, synaptic current I). */
  SYNAPTIC("synaptic");

  private final String prefix;

  NeuronModel(String prefix) {
    this.prefix = prefix;
  }

  /** The kernel-tag prefix, e.g. {@code klif}. */
  public String prefix() {
    return prefix;
  }

  /** Whether the model is snnTorch's (reset from the previous U, reset mechanism instead of hard/soft). */
  public boolean snnTorch() {
    return this == LEAKY || this == SYNAPTIC;
  }
}
