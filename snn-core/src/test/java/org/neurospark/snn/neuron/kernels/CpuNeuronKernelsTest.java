package org.neurospark.snn.neuron.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.surrogate.ATan;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * {@link CpuNeuronKernels} on tensors equals {@link MultiStepKernel} / {@link MultiStepKernelF64} on arrays bit for
 * bit: θ bound from its one-element tensor (float32 decay kept), inputs given as offset views, ∂θ rounded once into
 * its tensor; outputs that are views are refused.
 */
class CpuNeuronKernelsTest {
  private static final int T = 5;
  private static final int N = 37;

  private static float[] rand(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() + 0.6);
    }
    return v;
  }

  /** A view of {@code data} at offset {@code rows}·length in a larger storage (not a whole storage). */
  private static Tensor view(float[] data, int rows, int... shape) {
    float[] big = new float[data.length * (rows + 1)];
    java.util.Arrays.fill(big, Float.NaN);
    System.arraycopy(data, 0, big, rows * data.length, data.length);
    Tensor t = Tensor.fromArray(big, rows + 1, data.length).select(0, rows).reshape(shape);
    assertEquals(rows * data.length, t.offset());
    return t;
  }

  @Test
  void plifOnTensorsEqualsTheArrayKernelBitForBit() {
    Random r = new Random(3);
    float w = -0.37f;
    NeuronSpec bound = new NeuronSpec(new ParametricLifCharge(w, true, 0.0, true), new ATan(), 1.0, 0.0, false);
    NeuronSpec template = new NeuronSpec(new ParametricLifCharge(0.0, true, 0.0, true), new ATan(), 1.0, 0.0, false);
    float[] x = rand(r, T * N);
    float[] v0 = rand(r, N);
    float[] gs = rand(r, T * N);
    float[] gv = rand(r, T * N);
    float[] spike = new float[T * N];
    float[] h = new float[T * N];
    float[] vSeq = new float[T * N];
    float[] vFinal = new float[N];
    MultiStepKernel.forward(bound, T, N, x, v0, spike, h, vSeq, vFinal, 1);
    float[] gx = new float[T * N];
    float[] gv0 = new float[N];
    float gw = (float) MultiStepKernel.backward(bound, T, N, h, v0, gs, gv, null, gx, gv0, 1);

    CpuBackend cpu = CpuBackend.INSTANCE;
    NeuronKernels k = NeuronKernels.on(cpu);
    assertSame(CpuNeuronKernels.INSTANCE, k);
    Tensor theta = Tensor.fromArray(new float[] {w}, 1);
    Tensor ts = Tensor.zeros(cpu, DType.FLOAT32, T, N);
    Tensor th = Tensor.zeros(cpu, DType.FLOAT32, T, N);
    Tensor tv = Tensor.zeros(cpu, DType.FLOAT32, T, N);
    Tensor tf = Tensor.zeros(cpu, DType.FLOAT32, N);
    k.forward(template, theta, view(x, 3, T, N), view(v0, 5, N), ts, th, tv, tf);
    assertArrayEquals(spike, ts.toFloatArray());
    assertArrayEquals(h, th.toFloatArray());
    assertArrayEquals(vSeq, tv.toFloatArray());
    assertArrayEquals(vFinal, tf.toFloatArray());
    Tensor tgx = Tensor.zeros(cpu, DType.FLOAT32, T, N);
    Tensor tgv0 = Tensor.zeros(cpu, DType.FLOAT32, N);
    Tensor tgw = Tensor.zeros(cpu, DType.FLOAT32, 1);
    k.backward(template, theta, th, view(v0, 2, N), view(gs, 1, T, N), Tensor.fromArray(gv, T, N), null, tgx, tgv0,
        tgw);
    assertArrayEquals(gx, tgx.toFloatArray());
    assertArrayEquals(gv0, tgv0.toFloatArray());
    assertEquals(gw, tgw.toFloatArray()[0]);
    assertEquals(true, gw != 0f);
    // outputs must be whole fresh tensors
    assertThrows(IllegalArgumentException.class,
        () -> k.forward(template, theta, th, null, view(new float[T * N], 1, T, N), null, null, tf));
  }

  @Test
  void float64RunsTheF64Twin() {
    Random r = new Random(4);
    double w = 0.21;
    NeuronSpec bound = new NeuronSpec(new ParametricLifCharge((float) w, false, 0.0, true), new ATan(), 1.0, null,
        false);
    double[] x = new double[T * N];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian() + 0.7;
    }
    double[] spike = new double[T * N];
    double[] h = new double[T * N];
    double[] vFinal = new double[N];
    MultiStepKernelF64.forward(bound, T, N, x, null, spike, h, null, vFinal, 1);
    double[] gy = new double[T * N];
    java.util.Arrays.fill(gy, 0.5);
    double[] gx = new double[T * N];
    double gw = MultiStepKernelF64.backward(bound, T, N, h, null, gy, null, null, gx, null, 1);

    CpuBackend cpu = CpuBackend.INSTANCE;
    Tensor theta = Tensor.fromArray(new float[] {(float) w}, 1);
    Tensor ts = Tensor.zeros(cpu, DType.FLOAT64, T, N);
    Tensor th = Tensor.zeros(cpu, DType.FLOAT64, T, N);
    Tensor tf = Tensor.zeros(cpu, DType.FLOAT64, N);
    NeuronSpec template = new NeuronSpec(new ParametricLifCharge(0.0, false, 0.0, true), new ATan(), 1.0, null,
        false);
    CpuNeuronKernels.INSTANCE.forward(template, theta, Tensor.fromArray(x, T, N), null, ts, th, null, tf);
    assertArrayEquals(spike, ts.toDoubleArray());
    assertArrayEquals(h, th.toDoubleArray());
    assertArrayEquals(vFinal, tf.toDoubleArray());
    Tensor tgx = Tensor.zeros(cpu, DType.FLOAT64, T, N);
    Tensor tgw = Tensor.zeros(cpu, DType.FLOAT32, 1);
    CpuNeuronKernels.INSTANCE.backward(template, theta, th, null, Tensor.fromArray(gy, T, N), null, null, tgx, null,
        tgw);
    assertArrayEquals(gx, tgx.toDoubleArray());
    assertEquals((float) gw, tgw.toFloatArray()[0]);
  }
}
