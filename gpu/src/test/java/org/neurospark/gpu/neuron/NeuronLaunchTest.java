package org.neurospark.gpu.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurospark.gpu.driver.KernelImages;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.neuron.EIFNode;
import org.neurospark.snn.neuron.IFNode;
import org.neurospark.snn.neuron.LIFNode;
import org.neurospark.snn.neuron.ParametricLIFNode;
import org.neurospark.snn.neuron.QIFNode;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.dynamics.QifCharge;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.PiecewiseQuadratic;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.surrogate.Surrogates;

/**
 * {@link NeuronLaunch}: a NeuronSpec maps to the kernel names the build recorded and to the argument values in the
 * emitted signature's order; a spec outside the shipped set fails naming it.
 */
class NeuronLaunchTest {
  private static final Set<String> SHIPPED = Set.copyOf(KernelImages.generatedKernelNames(NeuronKernelSet.MODULE));
  private static final String SET = KernelImages.generatedSet(NeuronKernelSet.MODULE);

  @Test
  void lifSpecMapsToItsKernelsAndArguments() {
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.5, true, -0.25), new Sigmoid(3.0, true), 1.5, -0.25, false);
    NeuronLaunch l = NeuronLaunch.of(spec, true).requireIn(SHIPPED, SET, spec);
    assertEquals("ns_fwd_lifDecayInput_Sigmoid_s_hard_a_f32", l.forward());
    assertEquals("ns_bwd_lifDecayInput_Sigmoid_s_hard_a_f32", l.backward());
    assertEquals(List.of(1.5, -0.25, 2.5, -0.25, 3.0), l.scalars());
    assertFalse(l.learnable());
    NeuronSpec soft = new NeuronSpec(new LifCharge(2.0, false, 0.0), new ATan(2.0, true), 1.0, null, true);
    NeuronLaunch s = NeuronLaunch.of(soft, false).requireIn(SHIPPED, SET, soft);
    assertEquals("ns_fwd_lif_ATan_s_soft_d_f64", s.forward());
    assertEquals(List.of(1.0, 0.0, 2.0, 0.0, 2.0), s.scalars(), "soft reset passes V_reset = 0");
  }

  @Test
  void plifPassesTheDecayOfItsBoundWeight() {
    double w = ParametricLifCharge.initialW(2.0);
    NeuronSpec spec = new NeuronSpec(new ParametricLifCharge(w, true, 0.0, true), new ATan(), 1.0, 0.0, true);
    NeuronSpec bound = spec.withCharge(spec.charge().withParameter(0.3));
    NeuronLaunch l = NeuronLaunch.of(bound, true).requireIn(SHIPPED, SET, bound);
    assertTrue(l.learnable());
    assertEquals("ns_bwd_plifDecayInput_ATan_s_hard_d_f32", l.backward());
    assertEquals((double) (float) (1 / (1 + Math.exp(-0.3))), l.chargeParams().get(0), 1e-7,
        "decay = sigmoid(w), rounded to float32 as the fp32 CPU kernels use it");
    assertEquals(((ParametricLifCharge) bound.charge()).decay(), l.chargeParams().get(0));
  }

  @Test
  void everyShippedConfigurationOfTheNodesModelsMapsToRecordedKernels() {
    List<BaseNode> nodes = List.of(new IFNode(), new LIFNode(), new ParametricLIFNode(), new QIFNode(),
        new EIFNode());
    for (BaseNode node : nodes) {
      for (boolean fp32 : new boolean[] {true, false}) {
        NeuronLaunch l = NeuronLaunch.of(node.spec(), fp32).requireIn(SHIPPED, SET, node.spec());
        assertTrue(SHIPPED.contains(l.forward()) && SHIPPED.contains(l.backward()), l.forward());
      }
    }
    // every surrogate of snn-core (by its parser's names), default parameters, on fp32 IF/LIF/PLIF
    Set<String> covered = new java.util.HashSet<>();
    for (String name : Surrogates.names()) {
      SurrogateFunction sf = Surrogates.parse(name);
      covered.add(sf.getClass().getSimpleName());
      for (NeuronSpec spec : List.of(new NeuronSpec(IfCharge.INSTANCE, sf, 1.0, 0.0, false),
          new NeuronSpec(new LifCharge(2.0, true, 0.0), sf, 1.0, 0.0, false),
          new NeuronSpec(new ParametricLifCharge(0.0, false, 0.0, true), sf, 1.0, null, false))) {
        NeuronLaunch l = NeuronLaunch.of(spec, true).requireIn(SHIPPED, SET, spec);
        assertEquals(2 + l.config().charge().params().size()
            + l.config().surrogate().params().size(), l.scalars().size(), name);
      }
    }
    for (var s : org.neurospark.snn.neuron.spec.NeuronMath.SURROGATES) {
      assertTrue(covered.contains(s.name()), s.name() + " reached through Surrogates.parse");
    }
  }

  @Test
  void specOutsideTheShippedSetFailsNamingIt() {
    NeuronSpec spec = new NeuronSpec(new QifCharge(2.0, 0.8, 1.0, -0.1), new PiecewiseQuadratic(), 1.0, 0.0, true);
    NeuronLaunch l = NeuronLaunch.of(spec, false);
    if (SET.equals(NeuronKernelSet.ALL)) {
      l.requireIn(SHIPPED, SET, spec);
      return;
    }
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> l.requireIn(SHIPPED, SET, spec));
    assertTrue(e.getMessage().contains("QifCharge") && e.getMessage().contains("PiecewiseQuadratic")
        && e.getMessage().contains("qif_PiecewiseQuadratic_s_hard_d_f64") && e.getMessage().contains("float64")
        && e.getMessage().contains("-Dgpu.neurons=all"), e.getMessage());
  }

  @Test
  void primitiveForwardSurrogateHasNoShippedKernel() {
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(4.0, false), 1.0, 0.0, false);
    NeuronLaunch l = NeuronLaunch.of(spec, true);
    assertEquals("ns_fwd_lifDecayInput_Sigmoid_p_hard_a_f32", l.forward());
    assertThrows(UnsupportedOperationException.class, () -> l.requireIn(SHIPPED, SET, spec));
  }
}
