/**
 * Surrogate spiking functions of SpikingJelly (and snnTorch's fast_sigmoid/atan): Heaviside forward (or the smooth
 * primitive with spiking=false), surrogate derivative backward; {@link
 * org.neurospark.snn.surrogate.Surrogates#parse} builds them from constructor strings.
 */
package org.neurospark.snn.surrogate;
