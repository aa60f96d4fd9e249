package org.neurospark.gpu;

import org.neurospark.gpu.backend.CudaBackend;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.kernels.NeuronKernels;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;

/**
 * GEMM and convolution throughput of {@link CudaBackend} on the shapes of the networks (run by
 * {@code gpu/device-check.sh} on a GPU machine): SGEMM 4096³, then each conv layer of SpikingJelly's DVSGestureNet
 * (c128, T·B = 16·16 = 256 frames of 128×128, 5 conv + max-pool stages) and FashionMNISTNet (c128, T·B = 8·128 =
 * 1024 frames of 28×28, 2 stages), forward / backward-input / backward-weight each: milliseconds per call (median of
 * 5 after a warm-up, stream synchronised) and TFLOP/s (2·N·Co·Ho·Wo·Ci·k² per pass). Inputs are zeros: the numbers
 * measure time, not values. Then the multi-step LIF benchmark: LIFNode (τ 2, decay_input, V_reset 0,
 * Sigmoid), T 16, N 8,388,608, fp32, the emitted fused kernels forward (reads X, writes S and H) and backward
 * (reads H and ∂L/∂S, writes ∂L/∂X): ms each and together, and GB/s of that minimal traffic (12 bytes per
 * neuron-step each way; SpikingJelly triton 2.59 ms, cupy 3.04 ms, memory floor 1.07 ms on an H100; target ≤ 1.3 ms).
 */
public final class GpuBench {
  private GpuBench() {}

  private interface Op {
    void run();
  }

  private static double medianMs(CudaBackend gpu, Op op) {
    op.run();
    gpu.synchronize();
    double[] t = new double[5];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      op.run();
      gpu.synchronize();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(t);
    return t[t.length / 2];
  }

  private static void conv(CudaBackend gpu, String net, int n, int ci, int co, int hw) {
    ConvParams p = ConvParams.of(1, 1, 1, 1);
    Tensor x = Tensor.zeros(gpu, DType.FLOAT32, n, ci, hw, hw);
    Tensor w = Tensor.zeros(gpu, DType.FLOAT32, co, ci, 3, 3);
    Tensor y = Tensor.zeros(gpu, DType.FLOAT32, n, co, hw, hw);
    Tensor gx = Tensor.zeros(gpu, DType.FLOAT32, n, ci, hw, hw);
    Tensor gw = Tensor.zeros(gpu, DType.FLOAT32, co, ci, 3, 3);
    double flop = 2.0 * n * co * hw * hw * ci * 9;
    double f = medianMs(gpu, () -> gpu.conv2d(x, w, p, y));
    double bi = medianMs(gpu, () -> gpu.conv2dBackwardInput(y, w, p, gx));
    double bw = medianMs(gpu, () -> gpu.conv2dBackwardWeight(y, x, p, gw));
    System.out.printf("%-16s conv %4d->%-4d %3dx%-3d N=%-5d fwd %8.2f ms %6.1f TF/s | bwd-in %8.2f ms %6.1f TF/s"
        + " | bwd-w %8.2f ms %6.1f TF/s%n", net, ci, co, hw, hw, n, f, flop / f / 1e9, bi, flop / bi / 1e9, bw,
        flop / bw / 1e9);
  }

  /** Runs the benchmarks on device 0. */
  public static void main(String[] args) {
    try (CudaBackend gpu = CudaBackend.open(0)) {
      System.out.println("GpuBench on " + gpu.device().name());
      int m = 4096;
      Tensor a = Tensor.zeros(gpu, DType.FLOAT32, m, m);
      Tensor b = Tensor.zeros(gpu, DType.FLOAT32, m, m);
      Tensor c = Tensor.zeros(gpu, DType.FLOAT32, m, m);
      double ms = medianMs(gpu, () -> gpu.gemm(false, false, m, m, m, 1, a.storage(), 0, m, b.storage(), 0, m, 0,
          c.storage(), 0, m));
      System.out.printf("SGEMM %d^3: %.2f ms, %.1f TFLOP/s (cuBLAS, FP32, no TF32)%n", m, ms,
          2.0 * m * m * m / ms / 1e9);
      int[] sizes = {128, 64, 32, 16, 8};
      for (int i = 0; i < sizes.length; i++) {
        conv(gpu, "DVSGestureNet", 256, i == 0 ? 2 : 128, 128, sizes[i]);
      }
      conv(gpu, "FashionMNISTNet", 1024, 1, 128, 28);
      conv(gpu, "FashionMNISTNet", 1024, 128, 128, 14);
      lif(gpu);
      System.out.println("allocator: " + gpu.memoryStats());
    }
  }

  private static void lif(CudaBackend gpu) {
    int t = 16;
    int n = 8_388_608;
    NeuronSpec spec = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(), 1.0, 0.0, false);
    NeuronKernels k = gpu.kernel(NeuronKernels.class);
    Tensor x = Tensor.zeros(gpu, DType.FLOAT32, t, n);
    gpu.fill(x, 1.5); // H = 0.75, 1.125 (spike, reset to 0), 0.75, ...: fires every other step, both branches run
    Tensor spike = Tensor.zeros(gpu, DType.FLOAT32, t, n);
    Tensor h = Tensor.zeros(gpu, DType.FLOAT32, t, n);
    Tensor vFinal = Tensor.zeros(gpu, DType.FLOAT32, n);
    Tensor gradSpike = Tensor.zeros(gpu, DType.FLOAT32, t, n);
    gpu.fill(gradSpike, 0.25);
    Tensor gradX = Tensor.zeros(gpu, DType.FLOAT32, t, n);
    double fwd = medianMs(gpu, () -> k.forward(spec, null, x, null, spike, h, null, vFinal));
    double bwd = medianMs(gpu, () -> k.backward(spec, null, h, null, gradSpike, null, null, gradX, null, null));
    double bytes = 12.0 * t * n + 4.0 * n;
    System.out.printf("multi-step LIF T=%d N=%d fp32 (emitted kernels): fwd %.3f ms %.0f GB/s | bwd %.3f ms %.0f GB/s"
        + " | fwd+bwd %.3f ms (SpikingJelly triton 2.59 ms, cupy 3.04 ms, floor 1.07 ms on H100)%n", t, n, fwd,
        bytes / fwd / 1e6, bwd, bytes / bwd / 1e6, fwd + bwd);
  }
}
