package org.neurospark.snn.neuron;

import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.MultiStepKernelF64;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.Cpu;

/**
 * Autograd op of a neuron layer's fused multi-step kernels. Inputs: x [T, N, ...], V[−1] [N, ...] (null = V_reset),
 * the learnable scalar's tensor (null if none). Outputs: the layer output [T, N, ...] (spikes; LIAF: analog) and
 * V after every step [T, N, ...]. Saves only H (+ V[−1]); backward is the kernels' closed-form BPTT and returns
 * gradients for x, V[−1] and the scalar. float32 runs the module's own kernels; float64 the
 * {@link MultiStepKernelF64} twin.
 */
final class NodeFunction extends Function {
  private final BaseNode node;

  NodeFunction(BaseNode node) {
    this.node = node;
  }

  @Override
  public String name() {
    return node.getClass().getSimpleName();
  }

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor v0 = in[1];
    int[] shape = x.shape();
    int t = shape[0];
    int n = x.numel() / t;
    if (v0 != null && v0.numel() != n) {
      throw new IllegalArgumentException(name() + ": V has " + v0.numel() + " elements, input step has " + n);
    }
    int[] stepShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    ctx.put("stepShape", stepShape);
    if (x.dtype() == DType.FLOAT64) {
      if (!node.supportsFloat64()) {
        throw new UnsupportedOperationException(name() + " supports float32 tensors only");
      }
      NeuronSpec spec = node.spec();
      double[] xs = x.toDoubleArray();
      double[] vInit = v0 == null ? null : v0.toDoubleArray();
      double[] spike = new double[xs.length];
      double[] h = new double[xs.length];
      double[] vSeq = new double[xs.length];
      double[] vFinal = new double[n];
      org.neurospark.snn.neuron.kernels.MultiStepKernelF64.forward(spec, t, n, xs, vInit, spike, h, vSeq, vFinal,
          Cpu.threads());
      ctx.put("spec", spec);
      ctx.put("h64", h);
      ctx.put("v64", vInit);
      return new Tensor[] {Tensor.fromArray(spike, shape), Tensor.fromArray(vSeq, shape)};
    }
    if (x.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException(name() + ": unsupported dtype " + x.dtype());
    }
    float[] xs = x.toFloatArray();
    float[] vInit = v0 == null ? null : v0.toFloatArray();
    BaseNode.Record rec = node.newRecord(t, n, vInit, new float[xs.length]);
    float[] vSeq = new float[xs.length];
    float[] out = node.forwardKernel(rec, xs, vSeq, new float[n]);
    ctx.put("rec", rec);
    return new Tensor[] {Tensor.fromArray(out, shape), Tensor.fromArray(vSeq, shape)};
  }

  @Override
  protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
    int[] stepShape = ctx.get("stepShape");
    Tensor gY = gradOut[0];
    Tensor gV = gradOut[1];
    Tensor gradTheta = null;
    if (gY.dtype() == DType.FLOAT64) {
      NeuronSpec spec = ctx.get("spec");
      double[] h = ctx.get("h64");
      double[] vInit = ctx.get("v64");
      int n = 1;
      for (int d : stepShape) {
        n *= d;
      }
      int t = h.length / Math.max(1, n);
      double[] gradX = new double[h.length];
      double[] gradV0 = new double[n];
      double gTheta = MultiStepKernelF64.backward(spec, t, n, h, vInit, gY.toDoubleArray(), gV.toDoubleArray(), null,
          gradX, gradV0, Cpu.threads());
      if (ctx.needsInputGrad(2)) {
        gradTheta = Tensor.fromArray(new double[] {gTheta}, 1).to(DType.FLOAT32);
      }
      return new Tensor[] {Tensor.fromArray(gradX, gY.shape()),
          ctx.needsInputGrad(1) ? Tensor.fromArray(gradV0, stepShape) : null, gradTheta};
    }
    BaseNode.Record rec = ctx.get("rec");
    float[] gradX = new float[rec.t * rec.n];
    float[] gradV0 = new float[rec.n];
    double gTheta = node.backwardKernel(rec, gY.toFloatArray(), gV.toFloatArray(), null, gradX, gradV0);
    if (ctx.needsInputGrad(2)) {
      gradTheta = Tensor.fromArray(new float[] {(float) gTheta}, 1);
    }
    return new Tensor[] {Tensor.fromArray(gradX, gY.shape()),
        ctx.needsInputGrad(1) ? Tensor.fromArray(gradV0, stepShape) : null, gradTheta};
  }
}
