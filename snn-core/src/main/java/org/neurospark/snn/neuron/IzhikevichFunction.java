package org.neurospark.snn.neuron;

import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.IzhikevichKernel;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * Autograd op of the fused Izhikevich kernels (float32). Inputs: x [T, N, ...], V[−1] and W[−1] [N, ...] (null =
 * V_reset / W_rest). Outputs: spikes [T, N, ...], V after every step [T, N, ...], W after the last step [N, ...].
 * Saves H and W[t−1]; backward returns gradients for x, V[−1] and W[−1].
 */
final class IzhikevichFunction extends Function {
  private final NeuronSpec spec;
  private final IzhikevichDynamics dyn;
  private final int threads;
  private float[] lastH;

  IzhikevichFunction(NeuronSpec spec, IzhikevichDynamics dyn, int threads) {
    this.spec = spec;
    this.dyn = dyn;
    this.threads = threads;
  }

  @Override
  public String name() {
    return "IzhikevichNode";
  }

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    if (x.dtype() != DType.FLOAT32) {
      throw new UnsupportedOperationException("IzhikevichNode supports float32 tensors only");
    }
    int[] shape = x.shape();
    int t = shape[0];
    int n = x.numel() / t;
    int[] stepShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    float[] xs = x.toFloatArray();
    float[] v0 = in[1] == null ? null : in[1].toFloatArray();
    float[] w0 = in[2] == null ? null : in[2].toFloatArray();
    float[] spike = new float[xs.length];
    float[] h = new float[xs.length];
    float[] wPrev = new float[xs.length];
    float[] vSeq = new float[xs.length];
    float[] wFinal = new float[n];
    IzhikevichKernel.forward(spec, dyn, t, n, xs, v0, w0, spike, h, wPrev, vSeq, new float[n], wFinal, threads);
    ctx.put("h", h);
    lastH = h;
    ctx.put("wPrev", wPrev);
    ctx.put("v0", v0);
    ctx.put("dims", new int[] {t, n});
    ctx.put("stepShape", stepShape);
    return new Tensor[] {Tensor.fromArray(spike, shape), Tensor.fromArray(vSeq, shape),
        Tensor.fromArray(wFinal, stepShape)};
  }

  /** H [T, N] of the last forward run by this op. */
  float[] lastH() {
    return lastH;
  }

  @Override
  protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
    int[] dims = ctx.get("dims");
    int[] stepShape = ctx.get("stepShape");
    float[] gradX = new float[dims[0] * dims[1]];
    float[] gradV0 = new float[dims[1]];
    float[] gradW0 = new float[dims[1]];
    IzhikevichKernel.backward(spec, dyn, dims[0], dims[1], ctx.get("h"), ctx.get("wPrev"), ctx.get("v0"),
        gradOut[0].toFloatArray(), gradOut[1].toFloatArray(), null, gradOut[2].toFloatArray(), gradX, gradV0,
        gradW0, threads);
    return new Tensor[] {Tensor.fromArray(gradX, gradOut[0].shape()),
        ctx.needsInputGrad(1) ? Tensor.fromArray(gradV0, stepShape) : null,
        ctx.needsInputGrad(2) ? Tensor.fromArray(gradW0, stepShape) : null};
  }
}
