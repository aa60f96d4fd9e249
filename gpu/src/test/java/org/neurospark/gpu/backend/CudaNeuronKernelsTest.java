package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.gpu.neuron.NeuronKernelSet;
import org.neurospark.gpu.neuron.NeuronLaunch;
import org.neurospark.snn.neuron.IFNode;
import org.neurospark.snn.neuron.ParametricLIFNode;
import org.neurospark.snn.neuron.dynamics.EifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.spec.KernelConfig;
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

  /**
   * For every kernel of the built module, the parameters CudaNeuronKernels packs (names, order, widths) are those
   * of the emitted {@code extern "C"} signature: pointers and int64_t as 8-byte values, doubles as doubles.
   */
  @Test
  void packedArgumentsMatchEveryEmittedSignature() throws Exception {
    Map<String, String[]> sigs = EmittedSignatures.read("neuron_kernels.cu");
    List<String> shipped = k.shippedKernels();
    assertEquals(shipped.size(), sigs.size(), "one __global__ per recorded kernel name");
    assertEquals("partial,count,out", sigs.get(NeuronLaunch.REDUCE)[0]);
    assertEquals("lll", sigs.get(NeuronLaunch.REDUCE)[1], "ns_reduce_partials(double*, int64_t, double*)");
    assertEquals("wF,wD,roundToFloat,out", sigs.get(NeuronLaunch.PLIF_DECAY)[0]);
    int checked = 0;
    for (KernelConfig c : NeuronKernelSet.configs(KernelImages.generatedSet(NeuronKernelSet.MODULE))) {
      List<Double> cp = c.charge().params().stream().map(x -> 0.5).toList();
      List<Double> sp = c.surrogate().params().stream().map(x -> 2.0).toList();
      NeuronLaunch l = new NeuronLaunch(c, "ns_fwd_" + c.tag(), "ns_bwd_" + c.tag(), 1, 0, cp, sp, false);
      for (boolean fwd : new boolean[] {true, false}) {
        List<String> params = fwd ? CudaNeuronKernels.forwardParams(l) : CudaNeuronKernels.backwardParams(l);
        String[] sig = sigs.get(fwd ? l.forward() : l.backward());
        assertTrue(sig != null, (fwd ? l.forward() : l.backward()) + " not in the generated source");
        assertEquals(sig[0], String.join(",", params), c.tag());
        assertEquals(sig[1], CudaNeuronKernels.pack(params, Map.of(), 3, 7, l).kinds(), c.tag());
        checked++;
      }
    }
    assertEquals(shipped.size() - 2, checked);
  }

  /** The neurons of the model-zoo choices the GPU tests and benchmarks train have shipped kernels. */
  @Test
  void modelZooNeuronChoicesAreShipped() {
    for (String choice : new String[] {"IF", "LIF", "PLIF", "PLIF:detach"}) {
      NeuronSpec spec = org.neurospark.snn.models.NeuronChoice.parse(choice).create().spec();
      for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        NeuronLaunch l = k.plan(spec, dt);
        assertTrue(l.forward().startsWith("ns_fwd_"), choice + " " + l.forward());
      }
    }
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
