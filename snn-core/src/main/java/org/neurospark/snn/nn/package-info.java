/**
 * Tensor modules with PyTorch bookkeeping (parameters, buffers, dotted state-dict names, train/eval) and SpikingJelly step modes: layers folding [T, N, *] into [T·N, *], BatchNorm over T·N, dropout with one mask per sequence, recurrent containers, and the adapter of the neuron layers ({@link org.neurospark.snn.nn.SpikingNeuron}).
 */
package org.neurospark.snn.nn;
