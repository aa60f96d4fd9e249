/**
 * Golden-case conformance: reads an index.json of SpikingJelly golden tensors and checks surrogate and neuron cases
 * against this implementation.
 */
package org.neurospark.snn.conformance;
