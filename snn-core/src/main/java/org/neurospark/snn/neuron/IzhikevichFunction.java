package org.neurospark.snn.neuron;

import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * Autograd op of the fused Izhikevich kernels (float32) on the input's backend
 * ({@link org.neurospark.snn.neuron.kernels.NeuronModelKernels}). Inputs: x [T, N, ...], V[−1] and W[−1] [N, ...]
 * (null = V_reset / W_rest). Outputs: spikes [T, N, ...], V after every step [T, N, ...], W after the last step
 * [N, ...]. Saves H, W[t−1] and V[−1] as tensors; backward returns gradients for x, V[−1] and W[−1].
 */
final class IzhikevichFunction extends Function {
  private final NeuronSpec spec;
  private final IzhikevichDynamics dyn;
  private Tensor lastH;

  IzhikevichFunction(NeuronSpec spec, IzhikevichDynamics dyn) {
    this.spec = spec;
    this.dyn = dyn;
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
    Backend b = x.backend();
    int[] shape = x.shape();
    int[] stepShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    Tensor spike = Tensor.zeros(b, DType.FLOAT32, shape);
    Tensor h = Tensor.zeros(b, DType.FLOAT32, shape);
    Tensor wPrev = Tensor.zeros(b, DType.FLOAT32, shape);
    Tensor vSeq = Tensor.zeros(b, DType.FLOAT32, shape);
    Tensor vFinal = Tensor.zeros(b, DType.FLOAT32, stepShape);
    Tensor wFinal = Tensor.zeros(b, DType.FLOAT32, stepShape);
    BaseNode.modelKernels(name(), b).izhikevichForward(spec, dyn, x, in[1], in[2], spike, h, wPrev, vSeq, vFinal,
        wFinal);
    vFinal.storage().release();
    ctx.saveForBackward(h, wPrev, in[1]);
    ctx.put("stepShape", stepShape);
    lastH = h;
    return new Tensor[] {spike, vSeq, wFinal};
  }

  /** H [T, N, ...] of the last forward run by this op. */
  Tensor lastH() {
    return lastH;
  }

  @Override
  protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
    int[] stepShape = ctx.get("stepShape");
    Tensor[] saved = ctx.savedTensors();
    Tensor h = saved[0];
    Backend b = h.backend();
    Tensor gradX = Tensor.zeros(b, DType.FLOAT32, h.shape());
    Tensor gradV0 = ctx.needsInputGrad(1) ? Tensor.zeros(b, DType.FLOAT32, stepShape) : null;
    Tensor gradW0 = ctx.needsInputGrad(2) ? Tensor.zeros(b, DType.FLOAT32, stepShape) : null;
    BaseNode.modelKernels(name(), b).izhikevichBackward(spec, dyn, h, saved[1], saved[2], gradOut[0], gradOut[1],
        gradOut[2], gradX, gradV0, gradW0);
    return new Tensor[] {gradX, gradV0, gradW0};
  }
}
