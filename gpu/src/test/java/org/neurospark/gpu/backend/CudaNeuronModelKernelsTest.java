package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.gpu.neuron.NeuronKernelSet;
import org.neurospark.gpu.neuron.NeuronLaunch;
import org.neurospark.gpu.neuron.NeuronModelKernelSet;
import org.neurospark.snn.neuron.IzhikevichNode;
import org.neurospark.snn.neuron.KLIFNode;
import org.neurospark.snn.neuron.LIAFNode;
import org.neurospark.snn.neuron.LiafActivation;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ResetMechanism;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.neuron.spec.CudaModelKernelEmitter;
import org.neurospark.snn.neuron.spec.ModelKernelConfig;
import org.neurospark.snn.surrogate.Erf;
import org.neurospark.snn.surrogate.FastSigmoid;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SnnTorchATan;

/**
 * The host side of {@link CudaNeuronModelKernels}: for every kernel of the built {@code neuron_models} module, the
 * arguments the launcher packs (names, order, widths) are those of the emitted {@code extern "C"} signature; the
 * nodes' default configurations are shipped; unshipped and non-spiking configurations fail naming them. The
 * launches themselves are in NeuronModelGpuParityTest.
 */
class CudaNeuronModelKernelsTest {
  private final CudaNeuronModelKernels k = new CudaNeuronModelKernels(null);

  @Test
  void packedArgumentsMatchEveryEmittedSignature() throws Exception {
    Map<String, String[]> sigs = EmittedSignatures.read("neuron_models.cu");
    List<String> shipped = k.shippedKernels();
    assertEquals(shipped.size(), sigs.size(), "one __global__ per recorded kernel name");
    assertEquals("lll", sigs.get(NeuronLaunch.REDUCE)[1], "ns_reduce_partials(double*, int64_t, double*)");
    int checked = 0;
    for (ModelKernelConfig c : NeuronModelKernelSet.configs(KernelImages.generatedSet(NeuronModelKernelSet.MODULE))) {
      Map<String, Double> scalars = new HashMap<>();
      for (String p : CudaNeuronModelKernels.forwardParams(c)) {
        if (!p.equals("steps") && !p.equals("n") && !p.equals("act") && !p.endsWith("Value") && (p.startsWith("c_")
            || p.startsWith("s_") || p.startsWith("i_") || List.of("vThreshold", "vReset", "threshold", "alpha",
            "beta", "offset").contains(p))) {
          scalars.put(p, 0.5);
        }
      }
      for (boolean fwd : new boolean[] {true, false}) {
        String name = fwd ? CudaModelKernelEmitter.forwardName(c) : CudaModelKernelEmitter.backwardName(c);
        List<String> params = fwd ? CudaNeuronModelKernels.forwardParams(c)
            : CudaNeuronModelKernels.backwardParams(c);
        String[] sig = sigs.get(name);
        assertTrue(sig != null, name + " not in the generated source");
        assertEquals(sig[0], String.join(",", params), c.tag());
        assertEquals(sig[1], CudaNeuronModelKernels.pack(params, Map.of(), 3, 7, scalars, 1).kinds(), c.tag());
        checked++;
      }
    }
    assertEquals(shipped.size() - 1, checked);
  }

  @Test
  void scalarsCoverEveryDoubleParameterOfTheKernels() {
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.5, true, -0.1), new Sigmoid(3.0, true), 1.2, -0.1, false);
    ModelKernelConfig c = k.require(CudaNeuronModelKernels.klifConfig(spec, true), spec);
    Map<String, Double> s = CudaNeuronModelKernels.specScalars(spec, c, true);
    assertEquals(Map.of("vThreshold", 1.2, "vReset", -0.1, "c_tau", 2.5, "c_vReset", -0.1, "s_alpha", 3.0), s);
    assertEquals("ns_fwd_klif_lifDecayInput_Sigmoid_hard_a_sr_f32", CudaModelKernelEmitter.forwardName(c));
    IzhikevichDynamics dyn = new IzhikevichDynamics(2.0, 0.8, 1.0, -0.1, 0.05, 3.0, 0.3, 0.2);
    NeuronSpec izh = new IzhikevichNode().spec();
    Map<String, Double> iz = CudaNeuronModelKernels.izhikevichScalars(izh, dyn,
        CudaNeuronModelKernels.izhikevichConfig(izh));
    assertEquals(List.of(2.0, 0.8, 1.0, -0.1, 0.05, 3.0, 0.3, 0.2), List.of(iz.get("i_tau"), iz.get("i_vC"),
        iz.get("i_a0"), iz.get("i_vRest"), iz.get("i_wRest"), iz.get("i_tauW"), iz.get("i_a"), iz.get("i_b")));
    SnnTorchDynamics syn = new SnnTorchDynamics(true, 0.7f, 0.85f, 1.5f, new SnnTorchATan(), ResetMechanism.ZERO);
    ModelKernelConfig sc = k.require(CudaNeuronModelKernels.snnTorchConfig(syn), syn);
    assertEquals("ns_bwd_synaptic_SnnTorchATan_zero_f32", CudaModelKernelEmitter.backwardName(sc));
    Map<String, Double> ss = CudaNeuronModelKernels.snnTorchScalars(syn, sc);
    assertEquals((double) 0.7f, ss.get("alpha"));
    assertEquals((double) 0.85f, ss.get("beta"));
    assertEquals(1.5, ss.get("threshold"));
    for (String p : CudaNeuronModelKernels.forwardParams(sc)) {
      assertTrue(List.of("x", "uInit", "iInit", "spike", "uSeq", "iFinal", "betaValue", "steps", "n").contains(p)
          || ss.containsKey(p), p);
    }
  }

  /** The default KLIF, LIAF, Izhikevich, Leaky and Synaptic nodes have shipped kernels. */
  @Test
  void defaultNodesAreShipped() {
    KLIFNode klif = new KLIFNode();
    for (boolean sr : new boolean[] {false, true}) {
      k.require(CudaNeuronModelKernels.klifConfig(klif.spec(), sr), klif.spec());
    }
    for (LiafActivation act : LiafActivation.values()) {
      LIAFNode liaf = new LIAFNode(act, true, 2.0, true, 1.0, 0.0, null, false, 'm', false);
      k.require(CudaNeuronModelKernels.liafConfig(liaf.spec()), liaf.spec());
    }
    k.require(CudaNeuronModelKernels.izhikevichConfig(new IzhikevichNode().spec()), "default Izhikevich");
    for (ResetMechanism r : ResetMechanism.values()) {
      for (boolean syn : new boolean[] {false, true}) {
        for (var sf : List.of(new SnnTorchATan(), new FastSigmoid(), new Sigmoid())) {
          SnnTorchDynamics d = new SnnTorchDynamics(syn, 0.5f, 0.9f, 1f, sf, r);
          k.require(CudaNeuronModelKernels.snnTorchConfig(d), d);
        }
      }
    }
  }

  @Test
  void unshippedAndNonSpikingConfigurationsFailNamingThem() {
    NeuronSpec erf = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Erf(), 1.0, null, false);
    if (!KernelImages.generatedSet(NeuronModelKernelSet.MODULE).equals(NeuronKernelSet.ALL)) {
      UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
          () -> k.require(CudaNeuronModelKernels.klifConfig(erf, false), erf));
      assertTrue(u.getMessage().contains("KLIF") && u.getMessage().contains("klif_lifDecayInput_Erf_soft_a_nr_f32")
          && u.getMessage().contains("-Dgpu.neurons=all"), u.getMessage());
    }
    NeuronSpec primitive = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(4.0, false), 1.0, 0.0, false);
    UnsupportedOperationException p = assertThrows(UnsupportedOperationException.class,
        () -> CudaNeuronModelKernels.liafConfig(primitive));
    assertTrue(p.getMessage().contains("LIAF") && p.getMessage().contains("spiking"), p.getMessage());
  }
}
