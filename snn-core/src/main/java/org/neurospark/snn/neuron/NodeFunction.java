package org.neurospark.snn.neuron;

import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * Autograd op of a neuron layer's fused multi-step kernels. Inputs: x [T, N, ...], V[−1] [N, ...] (null = V_reset),
 * the learnable scalar's tensor (null if none). Outputs: the layer output [T, N, ...] (spikes; LIAF: analog) and
 * V after every step [T, N, ...]. Saves only H (+ V[−1]); backward is the kernels' closed-form BPTT and returns
 * gradients for x, V[−1] and the scalar. Models on the generic kernels (IF, LIF, PLIF, QIF, EIF) run the input
 * backend's {@link NeuronKernels} on its tensors (H, V[−1] and θ saved with {@code saveForBackward}, θ never read
 * by the host); models with their own host-array kernels (KLIF, LIAF, Izhikevich) run them on the CPU, float32
 * only.
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
    if (node.usesBackendKernels()) {
      return forwardOnBackend(ctx, x, v0, in[2], stepShape);
    }
    if (x.dtype() == DType.FLOAT64) {
      throw new UnsupportedOperationException(name() + " supports float32 tensors only");
    }
    if (!(x.backend() instanceof org.neurospark.snn.tensor.cpu.CpuBackend)) {
      throw new UnsupportedOperationException(name() + " runs on the CPU only (its kernels work on host arrays), got"
          + " an input on backend " + x.backend().name());
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

  /** IF/LIF/PLIF/...: the backend's {@link NeuronKernels} on its tensors; saves H, V[−1] and θ as tensors. */
  private Tensor[] forwardOnBackend(FunctionContext ctx, Tensor x, Tensor v0, Tensor theta, int[] stepShape) {
    DType dt = x.dtype();
    if (dt == DType.FLOAT64 && !node.supportsFloat64()) {
      throw new UnsupportedOperationException(name() + " supports float32 tensors only");
    }
    if (dt != DType.FLOAT32 && dt != DType.FLOAT64) {
      throw new IllegalArgumentException(name() + ": unsupported dtype " + dt);
    }
    Backend b = x.backend();
    NeuronKernels kernels = NeuronKernels.on(b);
    if (kernels == null) {
      throw new UnsupportedOperationException(name() + ": backend " + b.name() + " provides no neuron kernels");
    }
    NeuronSpec spec = node.kernelSpec();
    int[] shape = x.shape();
    Tensor spike = Tensor.zeros(b, dt, shape);
    Tensor h = Tensor.zeros(b, dt, shape);
    Tensor vSeq = Tensor.zeros(b, dt, shape);
    Tensor vFinal = Tensor.zeros(b, dt, stepShape);
    kernels.forward(spec, theta, x, v0, spike, h, vSeq, vFinal);
    ctx.put("spec", spec);
    ctx.put("kernels", kernels);
    ctx.saveForBackward(h, v0, theta);
    if (dt == DType.FLOAT32) {
      node.recordFireInput(h);
    }
    return new Tensor[] {spike, vSeq};
  }

  @Override
  protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
    int[] stepShape = ctx.get("stepShape");
    Tensor gY = gradOut[0];
    Tensor gV = gradOut[1];
    Tensor gradTheta = null;
    if (node.usesBackendKernels()) {
      NeuronKernels kernels = ctx.get("kernels");
      Tensor[] saved = ctx.savedTensors();
      Tensor h = saved[0];
      Tensor theta = saved[2];
      Backend b = h.backend();
      Tensor gradX = Tensor.zeros(b, h.dtype(), gY.shape());
      Tensor gradV0 = Tensor.zeros(b, h.dtype(), stepShape);
      if (ctx.needsInputGrad(2)) {
        gradTheta = Tensor.zeros(b, theta.dtype(), 1);
      }
      kernels.backward(ctx.get("spec"), theta, h, saved[1], gY, gV, null, gradX, gradV0, gradTheta);
      return new Tensor[] {gradX, ctx.needsInputGrad(1) ? gradV0 : null, gradTheta};
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
