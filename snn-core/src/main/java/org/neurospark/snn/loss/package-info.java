/**
 * Losses on spiking outputs [T, N, C]: MSE of the firing rate against one-hot labels (SpikingJelly's default), cross-entropy, TET; predictions and accuracy.
 */
package org.neurospark.snn.loss;
