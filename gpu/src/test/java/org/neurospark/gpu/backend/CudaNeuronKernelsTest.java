package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.gpu.neuron.NeuronKernelSet;
import org.neurospark.gpu.neuron.NeuronLaunch;
import org.neurospark.snn.neuron.IFNode;
import org.neurospark.snn.neuron.ParametricLIFNode;
import org.neurospark.snn.neuron.dynamics.EifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.surrogate.Erf;
import org.neurospark.snn.tensor.DType;

/**
 * The host side of {@link CudaNeuronKernels}: planning a launch (kernel names from the jar's recorded list, dtype
 * checks, the unsupported-spec message) needs no device. The launches themselves are in NeuronGpuParityTest.
 */
class CudaNeuronKernelsTest {
  private final CudaNeuronKernels k = new CudaNeuronKernels(null);

  @Test
  void plansShippedSpecsFromTheRecordedKernelList() {
    NeuronLaunch l = k.plan(new ParametricLIFNode().spec(), DType.FLOAT32);
    assertTrue(k.shippedKernels().contains(l.forward()) && k.shippedKernels().contains(l.backward()));
    assertTrue(l.learnable());
    assertEquals(KernelImages.generatedKernelNames(NeuronKernelSet.MODULE), k.shippedKernels());
    assertTrue(k.shippedKernels().contains(NeuronLaunch.REDUCE));
    assertEquals(256, CudaBackend.neuronBlock(), "the emitted kernels' NS_BLOCK default");
    NeuronLaunch d = k.plan(new IFNode().spec(), DType.FLOAT64);
    assertTrue(d.forward().endsWith("_f64"), d.forward());
  }

  @Test
  void refusesIntegerTensorsAndUnshippedSpecsNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.plan(new IFNode().spec(), DType.INT32));
    assertTrue(e.getMessage().contains("INT32"), e.getMessage());
    NeuronSpec eifErf = new NeuronSpec(new EifCharge(2.0, 1.0, 0.8, 0.0), new Erf(), 1.0, null, false);
    if (!KernelImages.generatedSet(NeuronKernelSet.MODULE).equals(NeuronKernelSet.ALL)) {
      UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
          () -> k.plan(eifErf, DType.FLOAT32));
      assertTrue(u.getMessage().contains("EifCharge") && u.getMessage().contains("eif_Erf_s_soft_a_f32"),
          u.getMessage());
    }
  }
}
