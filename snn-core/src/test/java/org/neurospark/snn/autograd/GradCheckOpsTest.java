package org.neurospark.snn.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.PoolParams;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;

/** Finite-difference gradient checks (float64) for every differentiable op. */
class GradCheckOpsTest {
  private final Rng rng = new Rng(7);

  private Tensor r(int... shape) {
    return Init.randn(rng, DType.FLOAT64, shape).requiresGrad(true);
  }

  private Tensor pos(int... shape) {
    Tensor t = Init.uniform_(Tensor.zeros(DType.FLOAT64, shape), 0.5, 2.0, rng);
    return t.requiresGrad(true);
  }

  @Test
  void binaryOpsWithBroadcasting() {
    GradCheck.check(in -> in[0].add(in[1]), r(3, 4), r(4));
    GradCheck.check(in -> in[0].sub(in[1]), r(2, 1, 4), r(3, 1));
    GradCheck.check(in -> in[0].mul(in[1]), r(3, 4), r(3, 1));
    GradCheck.check(in -> in[0].div(in[1]), r(2, 3), pos(3));
    GradCheck.check(in -> in[0].pow(in[1]), pos(2, 3), r(2, 3));
    GradCheck.check(in -> in[0].maximum(in[1]), r(4, 3), r(3));
    GradCheck.check(in -> in[0].minimum(in[1]), r(4, 3), r(4, 1));
  }

  @Test
  void unaryAndScalarOps() {
    GradCheck.check(in -> in[0].neg(), r(5));
    GradCheck.check(in -> in[0].exp(), r(2, 3));
    GradCheck.check(in -> in[0].log(), pos(2, 3));
    GradCheck.check(in -> in[0].sigmoid(), r(2, 3));
    GradCheck.check(in -> in[0].tanh(), r(2, 3));
    GradCheck.check(in -> in[0].relu(), r(3, 3));
    GradCheck.check(in -> in[0].sqrt(), pos(4));
    GradCheck.check(in -> in[0].abs(), r(4));
    GradCheck.check(in -> in[0].square(), r(4));
    GradCheck.check(in -> in[0].reciprocal(), pos(4));
    GradCheck.check(in -> in[0].pow(3), r(4));
    GradCheck.check(in -> in[0].pow(0.5), pos(4));
    GradCheck.check(in -> in[0].add(2).mul(3).sub(1).div(4).rsub(5).rdiv(7), pos(4));
    GradCheck.check(in -> in[0].clamp(-0.5, 0.5), r(10));
  }

  @Test
  void reductions() {
    GradCheck.check(in -> in[0].sum(), r(2, 3, 4));
    GradCheck.check(in -> in[0].sum(1, false), r(2, 3, 4));
    GradCheck.check(in -> in[0].sum(new int[] {0, 2}, true), r(2, 3, 4));
    GradCheck.check(in -> in[0].mean(-1, false), r(2, 3, 4));
    GradCheck.check(in -> in[0].mean(), r(3, 4));
    GradCheck.check(in -> in[0].max(1, false), r(3, 5));
    GradCheck.check(in -> in[0].max(0, true), r(3, 5, 2));
    GradCheck.check(in -> in[0].var(new int[] {0}, true, false), r(5, 3));
  }

  @Test
  void shapeOps() {
    GradCheck.check(in -> in[0].reshape(6, 4).mul(in[0].reshape(6, 4)), r(2, 3, 4));
    GradCheck.check(in -> in[0].permute(2, 0, 1).contiguous().mul(2), r(2, 3, 4));
    GradCheck.check(in -> in[0].transpose(0, 1).reshape(-1).exp(), r(3, 4));
    GradCheck.check(in -> in[0].select(1, 2).exp(), r(3, 4));
    GradCheck.check(in -> in[0].slice(1, 1, 4, 2).exp(), r(3, 5));
    GradCheck.check(in -> in[0].expand(3, 4).mul(in[1]), r(1, 4), r(3, 4));
    GradCheck.check(in -> Tensor.cat(1, in[0], in[1]).exp(), r(2, 3), r(2, 2));
    GradCheck.check(in -> Tensor.stack(0, in[0], in[1]).sigmoid(), r(2, 3), r(2, 3));
    GradCheck.check(in -> in[0].unsqueeze(1).squeeze(1).flatten(0, 1).tanh(), r(2, 3));
    Tensor x = r(3);
    x.to(DType.FLOAT32).to(DType.FLOAT64).mul(2).sum().backward();
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray());
  }

  @Test
  void matmulAndLinear() {
    GradCheck.check(in -> in[0].matmul(in[1]), r(3, 4), r(4, 5));
    GradCheck.check(in -> in[0].matmul(in[1]), r(2, 3, 4), r(2, 4, 5));
    GradCheck.check(in -> in[0].matmul(in[1]), r(2, 3, 4), r(4, 2));
    GradCheck.check(in -> in[0].matmul(in[1]), r(2, 1, 3, 4), r(3, 4, 2));
    GradCheck.check(in -> in[0].matmul(in[1]), r(4), r(4, 3));
    GradCheck.check(in -> in[0].t().matmul(in[1].t()), r(4, 3), r(5, 4));
    GradCheck.check(in -> NN.linear(in[0], in[1], in[2]), r(2, 3, 4), r(5, 4), r(5));
    GradCheck.check(in -> NN.linear(in[0], in[1], null), r(3, 4), r(2, 4));
  }

  @Test
  void convolutions() {
    GradCheck.check(in -> NN.conv2d(in[0], in[1], in[2], ConvParams.of(1, 1, 1, 1)), r(2, 3, 5, 5), r(4, 3, 3, 3),
        r(4));
    GradCheck.check(in -> NN.conv2d(in[0], in[1], null, new ConvParams(2, 1, 1, 0, 1, 2, 1)), r(1, 2, 6, 7),
        r(3, 2, 3, 2));
    GradCheck.check(in -> NN.conv2d(in[0], in[1], null, ConvParams.of(1, 0, 1, 2)), r(2, 4, 4, 4),
        r(6, 2, 1, 1));
    GradCheck.check(in -> NN.conv2d(in[0], in[1], null, ConvParams.of(2, 1, 2, 2)), r(1, 4, 7, 7),
        r(4, 2, 3, 3));
    GradCheck.check(in -> NN.conv1d(in[0], in[1], in[2], 1, 1, 1, 1), r(2, 3, 8), r(2, 3, 3), r(2));
  }

  @Test
  void pooling() {
    GradCheck.check(in -> NN.maxPool2d(in[0], 2, 2, 0), r(2, 2, 4, 6));
    GradCheck.check(in -> NN.maxPool2d(in[0], 3, 2, 1), r(1, 2, 5, 5));
    GradCheck.check(in -> NN.avgPool2d(in[0], 2, 2, 0), r(2, 2, 4, 4));
    GradCheck.check(in -> NN.avgPool2d(in[0], new PoolParams(3, 3, 2, 2, 1, 1)), r(1, 1, 5, 6));
    GradCheck.check(in -> NN.adaptiveAvgPool2d(in[0], 3, 2), r(2, 2, 7, 5));
  }

  @Test
  void softmaxAndLosses() {
    GradCheck.check(in -> NN.softmax(in[0], 1), r(3, 5));
    GradCheck.check(in -> NN.softmax(in[0], 0), r(3, 5));
    GradCheck.check(in -> NN.logSoftmax(in[0], -1), r(2, 3, 4));
    GradCheck.check(in -> NN.crossEntropy(in[0], new int[] {0, 2, 1}), r(3, 4));
    Tensor probs = NN.softmax(r(3, 4), 1).detach();
    GradCheck.check(in -> NN.crossEntropy(in[0], probs), r(3, 4));
    GradCheck.check(in -> NN.mseLoss(in[0], in[1]), r(3, 4), r(3, 4));
  }

  @Test
  void batchNorm() {
    Tensor rm = Tensor.zeros(DType.FLOAT64, 3);
    Tensor rv = Tensor.ones(DType.FLOAT64, 3);
    GradCheck.check(in -> NN.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), r(4, 3, 2, 2), r(3),
        r(3));
    GradCheck.check(in -> NN.batchNorm(in[0], rm, rv, in[1], in[2], false, 0.1, 1e-5), r(4, 3, 2), r(3), r(3));
    GradCheck.check(in -> NN.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5), r(5, 2));
    GradCheck.check(in -> NN.batchNorm(in[0], null, null, null, in[1], true, 0.1, 1e-5), r(3, 2, 4), r(2));
    Tensor x = r(6, 3, 2, 2);
    Tensor w = r(3);
    Tensor b = r(3);
    // fused kernel == composite definition (biased batch variance)
    Tensor fused = NN.batchNorm(x, null, null, w, b, true, 0.1, 1e-5);
    Tensor m = x.mean(new int[] {0, 2, 3}, true);
    Tensor v = x.sub(m).square().mean(new int[] {0, 2, 3}, true);
    Tensor ref = x.sub(m).div(v.add(1e-5).sqrt()).mul(w.reshape(1, 3, 1, 1)).add(b.reshape(1, 3, 1, 1));
    org.junit.jupiter.api.Assertions.assertTrue(fused.allClose(ref, 1e-10, 1e-10));
    // running statistics: momentum update with the unbiased variance
    Tensor rm2 = Tensor.zeros(DType.FLOAT64, 3);
    Tensor rv2 = Tensor.ones(DType.FLOAT64, 3);
    NN.batchNorm(x, rm2, rv2, w, b, true, 0.1, 1e-5);
    org.junit.jupiter.api.Assertions.assertTrue(rm2.allClose(m.reshape(3).mul(0.1), 1e-10, 1e-12));
    org.junit.jupiter.api.Assertions.assertTrue(rv2.allClose(v.reshape(3).mul(24.0 / 23 * 0.1).add(0.9), 1e-10, 1e-12));
  }

  @Test
  void detectsAWrongGradient() {
    Function wrong = new Function() {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        return new Tensor[] {in[0].mul(in[0])};
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
        return new Tensor[] {g[0].mul(3)};
      }
    };
    assertThrows(AssertionError.class, () -> GradCheck.check(in -> wrong.apply1(in[0]), r(3)));
  }
}
