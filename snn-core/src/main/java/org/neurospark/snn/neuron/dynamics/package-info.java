/**
 * The neuron equations written once: charge functions, fire and reset ({@link
 * org.neurospark.snn.neuron.dynamics.NeuronSpec}) and the partial derivatives the closed-form BPTT needs; pure
 * functions in double with float32 views.
 */
package org.neurospark.snn.neuron.dynamics;
