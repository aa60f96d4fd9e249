package org.neurospark.snn.neuron.kernels;

import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.Cpu;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * {@link NeuronKernels} of the CPU backend: {@link MultiStepKernel} (float32) and {@link MultiStepKernelF64}
 * (float64) run on the tensors' heap arrays, in the calling thread's CPU context ({@link Cpu#threads()} parts).
 * Inputs that are not whole contiguous storages are copied first; outputs are written in place. Stateless.
 */
public final class CpuNeuronKernels implements NeuronKernels {
  /** The singleton. */
  public static final CpuNeuronKernels INSTANCE = new CpuNeuronKernels();

  private CpuNeuronKernels() {}

  static void check(Tensor t, String what) {
    if (t != null && !(t.backend() instanceof CpuBackend)) {
      throw new IllegalArgumentException("CPU neuron kernels: " + what + " is on backend " + t.backend().name());
    }
  }

  static boolean whole(Tensor t) {
    return t.isContiguous() && t.offset() == 0 && t.storage().size() == t.numel();
  }

  static float[] in32(Tensor t, String what) {
    if (t == null) {
      return null;
    }
    check(t, what);
    if (t.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException("CPU neuron kernels: " + what + " is " + t.dtype() + ", expected FLOAT32");
    }
    return whole(t) ? t.floatData() : t.toFloatArray();
  }

  private static double[] in64(Tensor t, String what) {
    if (t == null) {
      return null;
    }
    check(t, what);
    if (t.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException("CPU neuron kernels: " + what + " is " + t.dtype() + ", expected FLOAT64");
    }
    return whole(t) ? t.doubleData() : t.toDoubleArray();
  }

  static void out(Tensor t, String what) {
    if (t != null) {
      check(t, what);
      if (!whole(t)) {
        throw new IllegalArgumentException("CPU neuron kernels: output " + what
            + " must be a fresh contiguous tensor (offset 0, whole storage)");
      }
    }
  }

  static float[] out32(Tensor t, String what) {
    out(t, what);
    return t == null ? null : in32(t, what);
  }

  private static double[] out64(Tensor t, String what) {
    out(t, what);
    return t == null ? null : in64(t, what);
  }

  /** The value of a one-element floating tensor on the CPU (a heap read, no transfer). */
  static double scalar(Tensor t, String what) {
    check(t, what);
    if (t.numel() != 1) {
      throw new IllegalArgumentException(what + " must have one element, got " + t.numel());
    }
    return t.dtype() == DType.FLOAT64 ? t.doubleData()[t.offset()] : t.floatData()[t.offset()];
  }

  /** Writes {@code value} into a fresh one-element output tensor (rounded once to its dtype); null is skipped. */
  static void writeScalar(Tensor t, String what, double value) {
    if (t == null) {
      return;
    }
    out(t, what);
    if (t.numel() != 1) {
      throw new IllegalArgumentException(what + " must have one element, got " + t.numel());
    }
    if (t.dtype() == DType.FLOAT64) {
      t.doubleData()[0] = value;
    } else {
      t.floatData()[0] = (float) value;
    }
  }

  /** spec with θ read from its one-element tensor (on the CPU: a heap read, no transfer). */
  static NeuronSpec bind(NeuronSpec spec, Tensor theta) {
    if (theta == null) {
      return spec;
    }
    return spec.withCharge(spec.charge().withParameter(scalar(theta, "theta")));
  }

  static int steps(Tensor seq) {
    if (seq.dim() < 1 || seq.shape()[0] < 1) {
      throw new IllegalArgumentException("need a sequence [T >= 1, N, ...]");
    }
    return seq.shape()[0];
  }

  @Override
  public void forward(NeuronSpec spec, Tensor theta, Tensor x, Tensor vInit, Tensor spike, Tensor h, Tensor vSeq,
      Tensor vFinal) {
    NeuronSpec s = bind(spec, theta);
    int t = steps(x);
    int n = x.numel() / t;
    if (x.dtype() == DType.FLOAT64) {
      MultiStepKernelF64.forward(s, t, n, in64(x, "x"), in64(vInit, "vInit"), out64(spike, "spike"),
          out64(h, "h"), out64(vSeq, "vSeq"), out64(vFinal, "vFinal"), Cpu.threads());
      return;
    }
    MultiStepKernel.forward(s, t, n, in32(x, "x"), in32(vInit, "vInit"), out32(spike, "spike"), out32(h, "h"),
        out32(vSeq, "vSeq"), out32(vFinal, "vFinal"), Cpu.threads());
  }

  @Override
  public void backward(NeuronSpec spec, Tensor theta, Tensor h, Tensor vInit, Tensor gradSpike, Tensor gradVSeq,
      Tensor gradVFinal, Tensor gradX, Tensor gradVInit, Tensor gradTheta) {
    NeuronSpec s = bind(spec, theta);
    int t = steps(h);
    int n = h.numel() / t;
    double g;
    if (h.dtype() == DType.FLOAT64) {
      g = MultiStepKernelF64.backward(s, t, n, in64(h, "h"), in64(vInit, "vInit"), in64(gradSpike, "gradSpike"),
          in64(gradVSeq, "gradVSeq"), in64(gradVFinal, "gradVFinal"), out64(gradX, "gradX"),
          out64(gradVInit, "gradVInit"), Cpu.threads());
    } else {
      g = MultiStepKernel.backward(s, t, n, in32(h, "h"), in32(vInit, "vInit"), in32(gradSpike, "gradSpike"),
          in32(gradVSeq, "gradVSeq"), in32(gradVFinal, "gradVFinal"), out32(gradX, "gradX"),
          out32(gradVInit, "gradVInit"), Cpu.threads());
    }
    writeScalar(gradTheta, "gradTheta", g);
  }
}
