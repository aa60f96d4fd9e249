package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The neuron-kernel integration point fails loudly until the emitted kernels are wired. */
class CudaNeuronKernelsTest {
  @Test
  void unwiredKernelsSaySo() {
    CudaNeuronKernels k = new CudaNeuronKernels(null);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> k.forward(null, null, null, null, null, null, null, null));
    assertTrue(e.getMessage().startsWith(CudaNeuronKernels.NOT_WIRED), e.getMessage());
    e = assertThrows(UnsupportedOperationException.class,
        () -> k.backward(null, null, null, null, null, null, null, null, null, null));
    assertTrue(e.getMessage().startsWith(CudaNeuronKernels.NOT_WIRED), e.getMessage());
  }
}
