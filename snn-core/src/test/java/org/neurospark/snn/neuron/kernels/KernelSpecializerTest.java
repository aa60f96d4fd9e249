package org.neurospark.snn.neuron.kernels;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.Sigmoid;

class KernelSpecializerTest {
  @Test
  void onePrivateCopyOfTheLoopsPerModelClassPair() {
    NeuronSpec lif = new NeuronSpec(new LifCharge(2, true, 0), new Sigmoid(), 1, 0.0, false);
    NeuronSpec lif2 = new NeuronSpec(new LifCharge(3, false, 0), new Sigmoid(2, true), 1, null, true);
    NeuronSpec ifAtan = new NeuronSpec(IfCharge.INSTANCE, new ATan(), 1, 0.0, false);
    KernelSpecializer.Loops a = KernelSpecializer.loops(lif);
    assertTrue(a.owner.isHidden(), "loops are a hidden-class copy");
    assertSame(a, KernelSpecializer.loops(lif2), "same classes share a copy");
    KernelSpecializer.Loops b = KernelSpecializer.loops(ifAtan);
    assertNotSame(a.owner, b.owner);
  }
}
