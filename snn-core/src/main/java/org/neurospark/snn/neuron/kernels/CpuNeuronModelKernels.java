package org.neurospark.snn.neuron.kernels;

import static org.neurospark.snn.neuron.kernels.CpuNeuronKernels.in32;
import static org.neurospark.snn.neuron.kernels.CpuNeuronKernels.out32;
import static org.neurospark.snn.neuron.kernels.CpuNeuronKernels.steps;
import static org.neurospark.snn.neuron.kernels.CpuNeuronKernels.writeScalar;

import org.neurospark.snn.neuron.dynamics.AnalogActivation;
import org.neurospark.snn.neuron.dynamics.IzhikevichDynamics;
import org.neurospark.snn.neuron.dynamics.KlifDynamics;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.SnnTorchDynamics;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.Cpu;

/**
 * {@link NeuronModelKernels} of the CPU backend: {@link KlifKernel}, {@link LiafKernel}, {@link IzhikevichKernel}
 * and {@link SnnTorchKernel} on the tensors' float32 heap arrays, in the calling thread's CPU context
 * ({@link Cpu#threads()} parts). Inputs that are not whole contiguous storages are copied first; outputs are
 * written in place. Stateless.
 */
public final class CpuNeuronModelKernels implements NeuronModelKernels {
  /** The singleton. */
  public static final CpuNeuronModelKernels INSTANCE = new CpuNeuronModelKernels();

  private CpuNeuronModelKernels() {}

  /** A one-element parameter tensor's value as the float32 kernels use it (a heap read on the CPU). */
  private static float scalar(Tensor t, String what) {
    return (float) CpuNeuronKernels.scalar(t, what);
  }

  @Override
  public void klifForward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor x, Tensor vInit, Tensor spike,
      Tensor h, Tensor vSeq, Tensor vFinal) {
    KlifDynamics d = new KlifDynamics(spec, scalar(k, "k"), scaleReset);
    int t = steps(x);
    KlifKernel.forward(d, t, x.numel() / t, in32(x, "x"), in32(vInit, "vInit"), out32(spike, "spike"),
        out32(h, "h"), out32(vSeq, "vSeq"), out32(vFinal, "vFinal"), Cpu.threads());
  }

  @Override
  public void klifBackward(NeuronSpec spec, boolean scaleReset, Tensor k, Tensor h, Tensor vInit, Tensor gradSpike,
      Tensor gradVSeq, Tensor gradX, Tensor gradVInit, Tensor gradK) {
    KlifDynamics d = new KlifDynamics(spec, scalar(k, "k"), scaleReset);
    int t = steps(h);
    double g = KlifKernel.backward(d, t, h.numel() / t, in32(h, "h"), in32(vInit, "vInit"),
        in32(gradSpike, "gradSpike"), in32(gradVSeq, "gradVSeq"), null, out32(gradX, "gradX"),
        out32(gradVInit, "gradVInit"), Cpu.threads());
    writeScalar(gradK, "gradK", g);
  }

  @Override
  public void liafForward(NeuronSpec spec, AnalogActivation act, float offset, Tensor x, Tensor vInit, Tensor y,
      Tensor h, Tensor vSeq, Tensor vFinal) {
    int t = steps(x);
    LiafKernel.forward(spec, act, offset, t, x.numel() / t, in32(x, "x"), in32(vInit, "vInit"), out32(y, "y"),
        out32(h, "h"), out32(vSeq, "vSeq"), out32(vFinal, "vFinal"), Cpu.threads());
  }

  @Override
  public void liafBackward(NeuronSpec spec, AnalogActivation act, float offset, Tensor h, Tensor vInit,
      Tensor gradY, Tensor gradVSeq, Tensor gradX, Tensor gradVInit) {
    int t = steps(h);
    LiafKernel.backward(spec, act, offset, t, h.numel() / t, in32(h, "h"), in32(vInit, "vInit"),
        in32(gradY, "gradY"), in32(gradVSeq, "gradVSeq"), null, out32(gradX, "gradX"),
        out32(gradVInit, "gradVInit"), Cpu.threads());
  }

  @Override
  public void izhikevichForward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor x, Tensor vInit, Tensor wInit,
      Tensor spike, Tensor h, Tensor wPrev, Tensor vSeq, Tensor vFinal, Tensor wFinal) {
    int t = steps(x);
    IzhikevichKernel.forward(spec, dyn, t, x.numel() / t, in32(x, "x"), in32(vInit, "vInit"), in32(wInit, "wInit"),
        out32(spike, "spike"), out32(h, "h"), out32(wPrev, "wPrev"), out32(vSeq, "vSeq"), out32(vFinal, "vFinal"),
        out32(wFinal, "wFinal"), Cpu.threads());
  }

  @Override
  public void izhikevichBackward(NeuronSpec spec, IzhikevichDynamics dyn, Tensor h, Tensor wPrev, Tensor vInit,
      Tensor gradSpike, Tensor gradVSeq, Tensor gradWFinal, Tensor gradX, Tensor gradVInit, Tensor gradWInit) {
    int t = steps(h);
    IzhikevichKernel.backward(spec, dyn, t, h.numel() / t, in32(h, "h"), in32(wPrev, "wPrev"),
        in32(vInit, "vInit"), in32(gradSpike, "gradSpike"), in32(gradVSeq, "gradVSeq"), null,
        in32(gradWFinal, "gradWFinal"), out32(gradX, "gradX"), out32(gradVInit, "gradVInit"),
        out32(gradWInit, "gradWInit"), Cpu.threads());
  }

  /** β as the kernels use it: the parameter clamped to [0, 1], or the fixed value. */
  private static float beta(SnnTorchDynamics d, Tensor beta) {
    return beta == null ? d.beta() : Math.min(1f, Math.max(0f, scalar(beta, "beta")));
  }

  @Override
  public void snnTorchForward(SnnTorchDynamics d, Tensor beta, Tensor x, Tensor uInit, Tensor iInit, Tensor spike,
      Tensor uSeq, Tensor iFinal) {
    int t = steps(x);
    SnnTorchKernel.forward(d, beta(d, beta), t, x.numel() / t, in32(x, "x"), in32(uInit, "uInit"),
        in32(iInit, "iInit"), out32(spike, "spike"), out32(uSeq, "uSeq"), out32(iFinal, "iFinal"), Cpu.threads());
  }

  @Override
  public void snnTorchBackward(SnnTorchDynamics d, Tensor beta, Tensor uSeq, Tensor uInit, Tensor gradSpike,
      Tensor gradUSeq, Tensor gradIFinal, Tensor gradX, Tensor gradUInit, Tensor gradIInit, Tensor gradBeta) {
    int t = steps(uSeq);
    double g = SnnTorchKernel.backward(d, beta(d, beta), t, uSeq.numel() / t, in32(uSeq, "uSeq"),
        in32(uInit, "uInit"), in32(gradSpike, "gradSpike"), in32(gradUSeq, "gradUSeq"),
        in32(gradIFinal, "gradIFinal"), out32(gradX, "gradX"), out32(gradUInit, "gradUInit"),
        out32(gradIInit, "gradIInit"), Cpu.threads());
    if (gradBeta != null) {
      float raw = beta == null ? d.beta() : scalar(beta, "beta");
      writeScalar(gradBeta, "gradBeta", raw >= 0f && raw <= 1f ? (float) g : 0f);
    }
  }
}
