/**
 * {@link org.neurospark.snn.tensor.sealed.SealedBackend}: a validation backend whose storages refuse host access
 * (only {@code upload}/{@code download} cross its boundary, and both are counted), used to prove that training
 * steps, layers and conformance cases run on a backend's tensors.
 */
package org.neurospark.snn.tensor.sealed;
