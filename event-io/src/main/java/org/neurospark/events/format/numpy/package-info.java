/**
 * Event recordings stored as NumPy caches: SpikingJelly/tonic {@code .npz} archives with arrays t, x, y, p and
 * structured {@code .npy} arrays with fields t, x, y, p; plus a writer for both.
 */
package org.neurospark.events.format.numpy;
