package org.neurospark.snn.neuron;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.autograd.GradCheck;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.tensor.Tensor;

/**
 * The engine's finite-difference checker (float64) on the neuron autograd op: with surrogates in primitive mode
 * the op is smooth, and its analytic gradients for x and V[−1] (through spikes and V_seq) must match.
 */
class NodeFunctionGradCheckTest {
  private static Tensor random(Random r, double lo, double hi, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * r.nextDouble();
    }
    return Tensor.fromArray(a, shape).requiresGrad(true);
  }

  @Test
  void fp64AutogradOpMatchesFiniteDifferences() {
    Random r = new Random(21);
    BaseNode[] nodes = {
        new IFNode(1.0, null, new Sigmoid(4.0, false), false, 'm', false),
        new LIFNode(2.0, true, 1.0, 0.0, new ATan(2.0, false), false, 'm', false),
        new LIFNode(3.0, false, 0.9, -0.1, new Sigmoid(3.0, false), false, 'm', false),
        new ParametricLIFNode(2.5, true, 1.0, null, new Sigmoid(4.0, false), false, 'm', false),
        new QIFNode(2.0, 0.8, 1.0, 1.0, 0.0, -0.1, new ATan(2.0, false), false, 'm', false),
        new EIFNode(2.0, 1.0, 0.8, 1.0, 0.0, -0.1, new Sigmoid(4.0, false), false, 'm', false)};
    for (BaseNode node : nodes) {
      Tensor x = random(r, -0.4, 1.4, 5, 3, 2);
      Tensor v0 = random(r, -0.2, 0.6, 3, 2);
      GradCheck.checkMulti(in -> new NodeFunction(node).apply(in[0], in[1], null), 1e-6, 1e-6, 1e-5, x, v0);
      // V after the last step only as the second output: its gradient enters the kernels as ∂L/∂V[T−1]
      GradCheck.checkMulti(in -> new NodeFunction(node, false).apply(in[0], in[1], null), 1e-6, 1e-6, 1e-5, x, v0);
    }
  }
}
