/**
 * Tensor modules with PyTorch bookkeeping (parameters, buffers, dotted state-dict names, train/eval) and SpikingJelly step modes: layers folding [T, N, *] into [T·N, *], BatchNorm over T·N, dropout with one mask per sequence, recurrent containers, module hooks (forward, pre-forward, backward through autograd); the neuron layers of {@code org.neurospark.snn.neuron} are modules of this tree too.
 */
package org.neurospark.snn.nn;
