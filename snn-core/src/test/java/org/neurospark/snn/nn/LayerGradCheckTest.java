package org.neurospark.snn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.autograd.GradCheck;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/** Finite-difference checks of every differentiable layer, w.r.t. its input and its parameters (float64). */
class LayerGradCheckTest {
  private final Rng rng = new Rng(11);

  private Tensor input(int... shape) {
    return Init.randn(rng, DType.FLOAT64, shape).requiresGrad(true);
  }

  /** Checks d(out)/d(input) and d(out)/d(every parameter) of a module converted to float64. */
  private void check(Module m, char mode, int... shape) {
    m.setStepMode(mode);
    m.to(DType.FLOAT64);
    List<Tensor> in = new ArrayList<>();
    in.add(input(shape));
    in.addAll(m.parameters());
    GradCheck.check(x -> {
      m.reset();
      m.reseed(1);
      return m.forward(x[0]);
    }, in.toArray(new Tensor[0]));
  }

  @Test
  void linearOnSequences() {
    check(new Linear(5, 3, true, rng), 'm', 2, 3, 5);
    check(new Linear(4, 2, false, rng), 's', 3, 4);
  }

  @Test
  void convolutions() {
    check(new Conv2d(2, 3, 3, 1, 1, true, rng), 'm', 2, 2, 2, 5, 5);
    check(new Conv2d(2, 4, 3, 2, 0, 1, 2, false, rng), 's', 2, 2, 6, 6);
    check(new Conv1d(2, 3, 3, 1, 1, 1, 1, true, rng), 'm', 2, 2, 2, 7);
  }

  @Test
  void batchNormTrainAndEval() {
    check(BatchNorm.bn2d(3), 'm', 2, 3, 3, 4, 4);
    check(BatchNorm.bn1d(4), 'm', 3, 2, 4);
    BatchNorm bn = BatchNorm.bn1d(3);
    bn.eval();
    check(bn, 's', 4, 3, 5);
  }

  @Test
  void poolingFlattenVoting() {
    check(Pool2d.max(2, 2, 0), 'm', 2, 2, 2, 4, 4);
    check(Pool2d.avg(3, 2, 1), 'm', 2, 1, 2, 5, 5);
    check(Pool2d.adaptiveAvg(2, 3), 's', 2, 2, 5, 7);
    check(new Flatten(), 'm', 2, 3, 2, 2, 2);
    check(new VotingLayer(3), 'm', 2, 2, 7);
  }

  @Test
  void dropoutWithItsFixedMask() {
    Dropout d = Dropout.dropout(0.3, 5);
    check(d, 'm', 3, 2, 6);
    Dropout d2 = Dropout.dropout2d(0.5, 6);
    check(d2, 'm', 2, 2, 3, 2, 2);
  }

  @Test
  void statefulLayers() {
    check(new SynapseFilter(3.0, true), 'm', 4, 2, 3);
    check(new SynapseFilter(2.0, false), 'm', 3, 2, 3);
    Delay delay = new Delay(2);
    check(delay, 'm', 5, 2, 2);
    Module lin = new Linear(3, 3, true, rng);
    check(ElementWiseRecurrentContainer.add(lin), 'm', 4, 2, 3);
    check(new LinearRecurrentContainer(new Linear(3, 2, true, rng), 3, 2, true, rng), 'm', 4, 2, 3);
    check(new Sequential(new Linear(3, 4, true, rng), new Linear(4, 2, false, rng)), 'm', 2, 2, 3);
  }

  @Test
  void delayGradientIsShiftedOnes() {
    // SpikingJelly: functional.delay(x_seq, 1) with T = 5 gives x.grad rows 1, 1, 1, 1, 0 for sum().backward()
    Tensor x = Tensor.ones(5, 1).requiresGrad(true);
    Delay.delay(x, 1).sum().backward();
    assertArrayEquals(new float[] {1, 1, 1, 1, 0}, x.grad().toFloatArray());
    Tensor y = Delay.delay(Tensor.fromArray(new float[] {1, 2, 3, 4, 5}, 5, 1), 2);
    assertArrayEquals(new float[] {0, 0, 1, 2, 3}, y.toFloatArray());
  }
}
