package org.neurospark.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neurospark.snn.neuron.dynamics.ChargeFunction;
import org.neurospark.snn.neuron.dynamics.IfCharge;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.dynamics.QifCharge;
import org.neurospark.snn.neuron.kernels.CpuNeuronKernels;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.surrogate.Erf;
import org.neurospark.snn.surrogate.PiecewiseQuadratic;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * The emitted neuron kernels on the GPU ({@link CudaNeuronKernels}) against the CPU backend's
 * {@link CpuNeuronKernels} on the same inputs: forward (S, H, V sequence, final V) and backward (∂L/∂X, ∂L/∂V[−1],
 * PLIF's ∂L/∂w) of IF, LIF and PLIF (both decay_input forms) × Sigmoid / ATan / PiecewiseQuadratic × hard / soft
 * reset (detach_reset alternating), fp32 and fp64, with and without vInit, a strided input, and a size that needs the
 * grid-stride loop and many θ partials. Needs a CUDA device: skips visibly otherwise (device-check.sh runs it).
 */
class NeuronGpuParityTest {
  @RegisterExtension
  static final CudaTestDevice DEVICE = new CudaTestDevice("no usable CUDA device, neuron GPU parity test skipped");
  private static CudaBackend gpu;
  private static final Backend CPU = CpuBackend.INSTANCE;

  @BeforeAll
  static void open() {
    gpu = DEVICE.backend();
  }

  private static List<ChargeFunction> charges(boolean fp32) {
    return List.of(IfCharge.INSTANCE, new LifCharge(2.0, true, 0.0), new LifCharge(3.0, false, 0.0),
        new ParametricLifCharge(ParametricLifCharge.initialW(2.0), true, 0.0, fp32),
        new ParametricLifCharge(ParametricLifCharge.initialW(3.0), false, 0.0, fp32));
  }

  private static List<SurrogateFunction> surrogates() {
    return List.of(new Sigmoid(), new ATan(), new PiecewiseQuadratic());
  }

  /** Uploads the same data to both backends. */
  private static Tensor[] pair(double[] data, DType dt, int... shape) {
    Tensor c = Tensor.zeros(CPU, dt, shape);
    Tensor g = Tensor.zeros(gpu, dt, shape);
    Tensor c64 = Tensor.fromArray(CPU, data.clone(), shape);
    CPU.copy(c64, c);
    gpu.copy(Tensor.fromArray(gpu, data.clone(), shape), g);
    return new Tensor[] {c, g};
  }

  private static double[] rand(Random r, int n, double lo, double hi) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * r.nextDouble();
    }
    return a;
  }

  private static void close(Tensor want, Tensor got, double tol, String what) {
    double[] w = want.toDoubleArray();
    double[] g = got.toDoubleArray();
    assertEquals(w.length, g.length, what + ": size");
    for (int i = 0; i < w.length; i++) {
      if (Math.abs(w[i] - g[i]) > tol * Math.max(1, Math.abs(w[i]))) {
        throw new AssertionError(what + "[" + i + "]: CPU " + w[i] + ", GPU " + g[i]);
      }
    }
  }

  /** One forward + backward on both backends; returns a description for the log. */
  private static String check(NeuronSpec spec, DType dt, int t, int n, boolean withVInit, boolean strided, long seed) {
    Random r = new Random(seed);
    boolean plif = spec.charge().hasParameter();
    Tensor[] theta = plif ? pair(new double[] {((ParametricLifCharge) spec.charge()).w() + 0.25}, dt, 1) : null;
    Tensor[] x;
    if (strided) { // X as a transposed view of an [N, T] tensor
      Tensor[] base = pair(rand(r, t * n, -0.5, 2.0), dt, n, t);
      x = new Tensor[] {base[0].transpose(0, 1), base[1].transpose(0, 1)};
    } else {
      x = pair(rand(r, t * n, -0.5, 2.0), dt, t, n);
    }
    Tensor[] vInit = withVInit ? pair(rand(r, n, -0.3, 0.9), dt, n) : null;
    String what = spec.charge().getClass().getSimpleName() + " " + spec + " " + dt + " T=" + t + " N=" + n;
    Tensor[][] out = new Tensor[2][];
    double[] gradTheta = new double[2];
    Tensor[] gs = pair(rand(r, t * n, -1, 1), dt, t, n);
    Tensor[] gv = pair(rand(r, t * n, -0.5, 0.5), dt, t, n);
    Tensor[] gf = pair(rand(r, n, -1, 1), dt, n);
    for (int b = 0; b < 2; b++) {
      Backend be = b == 0 ? CPU : gpu;
      NeuronKernels k = NeuronKernels.on(be);
      Tensor spike = Tensor.zeros(be, dt, t, n);
      Tensor h = Tensor.zeros(be, dt, t, n);
      Tensor vSeq = Tensor.zeros(be, dt, t, n);
      Tensor vFinal = Tensor.zeros(be, dt, n);
      k.forward(spec, plif ? theta[b] : null, x[b], withVInit ? vInit[b] : null, spike, h, vSeq, vFinal);
      Tensor gradX = Tensor.zeros(be, dt, t, n);
      Tensor gradVInit = Tensor.zeros(be, dt, n);
      Tensor gTheta = plif ? Tensor.zeros(be, dt, 1) : null;
      k.backward(spec, plif ? theta[b] : null, h, withVInit ? vInit[b] : null, gs[b], gv[b], gf[b], gradX, gradVInit,
          gTheta);
      out[b] = new Tensor[] {spike, h, vSeq, vFinal, gradX, gradVInit};
      gradTheta[b] = plif ? gTheta.toDoubleArray()[0] : 0;
    }
    // S: equal except where H is within rounding of V_th (none expected: the float math is the CPU's, no FMA)
    double[] hc = out[0][1].toDoubleArray();
    double[] sc = out[0][0].toDoubleArray();
    double[] sg = out[1][0].toDoubleArray();
    int flips = 0;
    for (int i = 0; i < sc.length; i++) {
      if (sc[i] != sg[i]) {
        assertTrue(Math.abs(hc[i] - spec.vThreshold()) < 1e-5, what + ": spike " + i + " differs, H = " + hc[i]);
        flips++;
      }
    }
    assertEquals(0, flips, what + ": spikes differing at the threshold");
    double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
    close(out[0][1], out[1][1], tol, what + " H");
    close(out[0][2], out[1][2], tol, what + " V seq");
    close(out[0][3], out[1][3], tol, what + " V final");
    double gtol = dt == DType.FLOAT32 ? 1e-4 : 1e-10;
    close(out[0][4], out[1][4], gtol, what + " dL/dX");
    close(out[0][5], out[1][5], gtol, what + " dL/dV[-1]");
    if (plif) {
      assertEquals(gradTheta[0], gradTheta[1], gtol * Math.max(1, Math.abs(gradTheta[0])) * 10, what + " dL/dw");
    }
    return what;
  }

  @Test
  void ifLifPlifForwardAndBackwardMatchTheCpuFp32() {
    List<String> done = new ArrayList<>();
    int i = 0;
    for (ChargeFunction c : charges(true)) {
      for (SurrogateFunction s : surrogates()) {
        for (boolean soft : new boolean[] {false, true}) {
          boolean detach = (i % 2 == 1) && !(s instanceof PiecewiseQuadratic); // core ships PQ attached only
          NeuronSpec spec = new NeuronSpec(c, s, 1.0, soft ? null : 0.0, detach);
          done.add(check(spec, DType.FLOAT32, 5, 1037, i % 3 != 0, i % 7 == 3, 100 + i));
          i++;
        }
      }
    }
    System.out.println("NeuronGpuParityTest fp32: " + done.size() + " configurations match the CPU");
  }

  @Test
  void fp64AndOtherChargesMatchTheCpu() {
    int i = 0;
    for (ChargeFunction c : charges(false)) {
      for (boolean soft : new boolean[] {false, true}) {
        check(new NeuronSpec(c, i % 2 == 0 ? new Sigmoid() : new ATan(2.5, true), 1.0, soft ? null : 0.0, i % 3 == 0),
            DType.FLOAT64, 4, 513, i % 2 == 0, false, 200 + i);
        i++;
      }
    }
    check(new NeuronSpec(new QifCharge(2.0, 0.8, 1.0, 0.0), new Sigmoid(), 1.0, 0.0, false), DType.FLOAT32, 4, 300,
        true, false, 300);
    check(new NeuronSpec(new LifCharge(2.0, true, -0.2), new Erf(), 0.8, -0.2, false), DType.FLOAT32, 4, 300, true,
        false, 301);
  }

  @Test
  void manyNeuronsUseTheGridStrideLoopAndManyThetaPartials() {
    // more neurons than the grid has threads (grid ≤ 32 blocks per SM), PLIF's partials over every block
    int n = 2_000_003;
    check(new NeuronSpec(new ParametricLifCharge(ParametricLifCharge.initialW(2.0), true, 0.0, true), new ATan(), 1.0,
        0.0, true), DType.FLOAT32, 2, n, true, false, 400);
  }

  @Test
  void unshippedSpecAndForeignTensorsAreRefused() {
    NeuronKernels k = NeuronKernels.on(gpu);
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(), 1.0, 0.0, false);
    Tensor cpuX = Tensor.zeros(CPU, DType.FLOAT32, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> k.forward(spec, null, cpuX, null,
        Tensor.zeros(gpu, DType.FLOAT32, 2, 3), null, null, Tensor.zeros(gpu, DType.FLOAT32, 3)));
    NeuronSpec primitive = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(4.0, false), 1.0, 0.0, false);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> k.forward(primitive,
        null, Tensor.zeros(gpu, DType.FLOAT32, 2, 3), null, Tensor.zeros(gpu, DType.FLOAT32, 2, 3), null, null,
        Tensor.zeros(gpu, DType.FLOAT32, 3)));
    assertTrue(e.getMessage().contains("Sigmoid_p"), e.getMessage());
  }
}
