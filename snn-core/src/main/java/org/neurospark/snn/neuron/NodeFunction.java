package org.neurospark.snn.neuron;

import org.neurospark.snn.autograd.Function;
import org.neurospark.snn.autograd.FunctionContext;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * Autograd op of a neuron layer's fused multi-step kernels. Inputs: x [T, N, ...], V[−1] [N, ...] (null = V_reset),
 * the learnable scalar's tensor (null if none). Outputs: the layer output [T, N, ...] (spikes; LIAF: analog) and
 * either V after every step [T, N, ...] or, when the layer does not keep that sequence, only V after the last step
 * [N, ...] (the state the next call starts from). Runs the node's kernels ({@link BaseNode#kernelForward}) on the
 * input's backend and saves only H, V[−1] and θ (as tensors: the host never reads them); backward is the kernels'
 * closed-form BPTT and returns gradients for x, V[−1] and the scalar.
 *
 * <p>The last-step form spares a [T, N, ...] tensor that nobody reads (on the CSNN's first layer 103 MB a step,
 * written by the forward kernel) and the zero gradient autograd would otherwise make for it and the backward kernel
 * would read. Gradients that do not reach an output arrive as null (the kernels take null as zero).
 */
final class NodeFunction extends Function {
  private final BaseNode node;
  private final boolean outputVSeq;

  /** The op with V after every step as its second output. */
  NodeFunction(BaseNode node) {
    this(node, true);
  }

  /**
   * The op with V after every step ({@code outputVSeq}) or after the last step only as its second output; the
   * latter needs a node whose backward runs on the default {@link BaseNode#kernelBackward} kernels.
   */
  NodeFunction(BaseNode node, boolean outputVSeq) {
    if (!outputVSeq && !node.defaultKernels()) {
      throw new IllegalArgumentException(node.getClass().getSimpleName() + " has kernels of its own, which take"
          + " the gradient of V after every step only");
    }
    this.node = node;
    this.outputVSeq = outputVSeq;
  }

  @Override
  public String name() {
    return node.getClass().getSimpleName();
  }

  @Override
  protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor v0 = in[1];
    Tensor theta = in[2];
    int[] shape = x.shape();
    int t = shape[0];
    int n = x.numel() / t;
    if (v0 != null && v0.numel() != n) {
      throw new IllegalArgumentException(name() + ": V has " + v0.numel() + " elements, input step has " + n);
    }
    int[] stepShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    DType dt = x.dtype();
    if (dt == DType.FLOAT64 && !node.supportsFloat64()) {
      throw new UnsupportedOperationException(name() + " supports float32 tensors only");
    }
    if (dt != DType.FLOAT32 && dt != DType.FLOAT64) {
      throw new IllegalArgumentException(name() + ": unsupported dtype " + dt);
    }
    Backend b = x.backend();
    if (!node.kernelsRunOn(b)) {
      throw new UnsupportedOperationException(name() + ": backend " + b.name() + " provides no kernels for it");
    }
    NeuronSpec spec = node.kernelSpec();
    // the kernels write every element of their outputs (NeuronKernels' contract), so none needs zeroing
    Tensor out = Tensor.empty(b, dt, shape);
    Tensor h = Tensor.empty(b, dt, shape);
    Tensor vSeq = outputVSeq ? Tensor.empty(b, dt, shape) : null;
    Tensor vFinal = Tensor.empty(b, dt, stepShape);
    node.kernelForward(spec, theta, x, v0, out, h, vSeq, vFinal);
    ctx.put("spec", spec);
    ctx.put("stepShape", stepShape);
    ctx.saveForBackward(h, v0, theta);
    if (!outputVSeq) {
      ctx.setMaterializeGrads(false); // the default kernels take a null gradient as zero
    }
    if (dt == DType.FLOAT32) {
      node.recordFireInput(h);
    }
    return new Tensor[] {out, outputVSeq ? vSeq : vFinal};
  }

  @Override
  protected Tensor[] backward(FunctionContext ctx, Tensor... gradOut) {
    int[] stepShape = ctx.get("stepShape");
    Tensor[] saved = ctx.savedTensors();
    Tensor h = saved[0];
    Tensor theta = saved[2];
    Backend b = h.backend();
    Tensor gradX = Tensor.empty(b, h.dtype(), h.shape());
    Tensor gradV0 = ctx.needsInputGrad(1) ? Tensor.zeros(b, h.dtype(), stepShape) : null;
    Tensor gradTheta = ctx.needsInputGrad(2) ? Tensor.zeros(b, theta.dtype(), 1) : null;
    if (outputVSeq) {
      node.kernelBackward(ctx.get("spec"), theta, h, saved[1], gradOut[0], gradOut[1], gradX, gradV0, gradTheta);
    } else {
      node.defaultKernelBackward(ctx.get("spec"), theta, h, saved[1], gradOut[0], gradOut[1], gradX, gradV0,
          gradTheta);
    }
    return new Tensor[] {gradX, gradV0, gradTheta};
  }
}
