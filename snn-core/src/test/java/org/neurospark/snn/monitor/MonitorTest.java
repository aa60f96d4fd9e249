package org.neurospark.snn.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.neuron.Functional;
import org.neurospark.snn.neuron.IFNode;
import org.neurospark.snn.neuron.LIFNode;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.nn.Sequential;
import org.neurospark.snn.tensor.Tensor;

class MonitorTest {

  /** IF driven by 0.5, 1, 0.25, 1 on two neurons: per-step rates [0, 1, 0.5, 1]; shape [T=4, N=2]. */
  private static Tensor input() {
    return Tensor.fromArray(new float[] {0.5f, 0.4f, 1.0f, 1.0f, 0.25f, 0.7f, 1.0f, 1.0f}, 4, 2);
  }

  @Test
  void outputMonitorRecordsFiringRatesPerLayer() {
    IFNode a = new IFNode();
    IFNode b = new IFNode();
    Sequential net = new Sequential(a, new LIFNode(), b);
    Functional.setStepMode(net, 'm');
    OutputMonitor mon = new OutputMonitor(net, List.of(IFNode.class), FiringRates.perStep());
    assertEquals(List.of("0", "2"), mon.monitoredLayers());
    net.forward(input());
    assertEquals(2, mon.records().size());
    // layer 0: v = .5/.4 → 1.5/1.4 fire → 0.25/0.7 → 1.25/1.7 fire: rates 0, 1, 0, 1
    assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, mon.get(0));
    assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, mon.get("0").get(0));
    mon.disable();
    Functional.resetNet(net);
    net.forward(input());
    assertEquals(2, mon.records().size());
    mon.enable();
    mon.clearRecordedData();
    mon.removeHooks();
    net.forward(input());
    assertEquals(0, mon.records().size());
    assertThrows(IllegalArgumentException.class, () -> mon.get("1"));
  }

  @Test
  void firingRateOfMixedSteps() {
    IFNode n = new IFNode();
    n.setStepMode('m');
    OutputMonitor mon = new OutputMonitor(n, List.of(IFNode.class), FiringRates.perStep());
    n.forward(Tensor.fromArray(new float[] {0f, 0f, 1f, 1f, 1f, 0f, 1f, 1f}, 4, 2));
    assertArrayEquals(new float[] {0f, 1f, 0.5f, 1f}, mon.get(0));
    assertEquals(0.625, FiringRates.mean(new float[] {0, 1, 1, 1, 1, 0, 1, 0}), 1e-12);
  }

  @Test
  void attributeMonitorRecordsVoltageSequences() {
    LIFNode lif = new LIFNode();
    lif.setStepMode('m');
    lif.setStoreVSeq(true);
    AttributeMonitor vSeq = new AttributeMonitor("v_seq", lif, LIFNode.class);
    AttributeMonitor vBefore = new AttributeMonitor("v", true, lif, List.of(LIFNode.class),
        RecordFunction.identity());
    lif.forward(Tensor.fromArray(new float[] {1f, 0.5f, 3f, 0.5f}, 2, 2));
    assertArrayEquals(new float[] {0.5f, 0.25f, 0f, 0.375f}, vSeq.get(0));
    assertEquals(0, vBefore.records().size(), "v is not set before the first input");
    lif.forward(Tensor.fromArray(new float[] {0f, 0f}, 1, 2));
    assertArrayEquals(new float[] {0f, 0.375f}, vBefore.get(0));
    assertThrows(IllegalArgumentException.class, () -> {
      new AttributeMonitor("w", lif, LIFNode.class);
      lif.forward(Tensor.fromArray(new float[] {0f, 0f}, 1, 2));
    });
  }

  @Test
  void inputAndGradientMonitors() {
    IFNode a = new IFNode();
    IFNode b = new IFNode();
    Sequential net = new Sequential(a, b);
    InputMonitor in = new InputMonitor(net, IFNode.class);
    GradInputMonitor gIn = new GradInputMonitor(net, IFNode.class);
    GradOutputMonitor gOut = new GradOutputMonitor(net, IFNode.class);
    Tensor x = Tensor.fromArray(new float[] {0.7f, 1.2f}, 2).requiresGrad(true);
    Tensor y = net.forward(x);
    assertArrayEquals(new float[] {0.7f, 1.2f}, in.get("0").get(0));
    assertArrayEquals(new float[] {0f, 1f}, in.get("1").get(0));
    y.backward(Tensor.fromArray(new float[] {1f, 1f}, 2));
    // backward runs layer 1 first
    assertEquals("1", gOut.records().get(0).layer());
    assertArrayEquals(new float[] {1f, 1f}, gOut.get(0));
    assertArrayEquals(gIn.get("1").get(0), gOut.get("0").get(0));
    BaseNode first = a;
    float sg = (float) first.surrogate().grad(0.7 - 1.0);
    assertEquals(gIn.get("0").get(0)[0], gOut.get("0").get(0)[0] * sg, 1e-6f);
    assertArrayEquals(gIn.get("0").get(0), x.grad().toFloatArray(), "∂L/∂input of layer 0 is the net's");
  }

  @Test
  void defaultInstanceIsTheNetsOwnClass() {
    Module net = new IFNode();
    OutputMonitor mon = new OutputMonitor(net, null, RecordFunction.identity());
    assertEquals(List.of(""), mon.monitoredLayers());
  }
}
