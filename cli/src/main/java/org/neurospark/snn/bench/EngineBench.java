package org.neurospark.snn.bench;

import java.util.Locale;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.tensor.ConvParams;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.NN;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.Cpu;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * Engine micro-benchmarks (not tests): SGEMM and conv2d forward+backward throughput of the CPU backend, each with a
 * naive baseline measured in the same run. Run with a fixed heap, e.g.
 *
 * <pre>
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp snn-core/target/classes org.neurospark.snn.bench.EngineBench [T] [N]
 * </pre>
 *
 * <p>T and N (default 8 and 64) set the conv batch T·N of the PLIF Fashion-MNIST shape [T·N, 128, 28, 28] with a
 * 3×3, padding-1, 128→128 convolution. The peak printed is cores × GHz × 32 flop/cycle (two 8-wide float FMA
 * pipes: AVX2, or AVX-512 on 256-bit data paths as on AMD Zen 4); GHz from {@code -Dbench.ghz} (default 3.7, the
 * boost clock of the EPYC this was tuned on; its base clock is 2.6). "per CPU-second" divides by the process CPU
 * time instead of wall time: on a shared machine it shows what the kernels achieve per core actually obtained.
 */
public final class EngineBench {
  private EngineBench() {}

  public static void main(String[] args) {
    int t = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    double ghz = Double.parseDouble(System.getProperty("bench.ghz", "3.7"));
    int cores = Runtime.getRuntime().availableProcessors();
    double peak = cores * ghz * 32;
    // this bench measures the whole machine: all cores unless -Dneurospark.threads / NEUROSPARK_THREADS says otherwise
    CpuConfig cfg = CpuConfig.fromEnvironment();
    if (System.getProperty(CpuConfig.THREADS_PROPERTY) == null && System.getenv(CpuConfig.THREADS_ENV) == null) {
      cfg = cfg.withThreads(cores);
    }
    try (CpuContext cpu = CpuContext.open(cfg); CpuContext.Scope in = cpu.enter()) {
      System.out.printf(Locale.ROOT, "threads=%d, GEMM kernel: %s%npeak estimate %.0f GFLOP/s (%d cores x %.2f GHz"
          + " x 32 flop/cycle; set -Dbench.ghz)%n", Cpu.threads(), Cpu.vectorized() ? "Vector API" : "plain Java",
          peak, cores, ghz);
      gemm(256, 256, 256, peak);
      gemm(1024, 1024, 1024, peak);
      gemm(128, 784, 1152, peak); // one sample of the conv's forward GEMM
      conv(t, n, peak);
      batchNorm(t, n);
    }
  }

  /** Fused batch norm (training) forward + backward vs the same math composed of element-wise ops. */
  private static void batchNorm(int t, int n) {
    int batch = t * n;
    Rng r = new Rng(3);
    Tensor x = Init.randn(r, batch, 128, 28, 28).requiresGrad(true);
    Tensor w = Tensor.ones(128).requiresGrad(true);
    Tensor b = Tensor.zeros(128).requiresGrad(true);
    Tensor g = Init.randn(r, batch, 128, 28, 28);
    double fused = time(() -> {
      x.setGrad(null);
      NN.batchNorm(x, null, null, w, b, true, 0.1, 1e-5).backward(g);
    }, 3.0);
    double composite = time(() -> {
      x.setGrad(null);
      int[] dims = {0, 2, 3};
      Tensor m = x.mean(dims, true);
      Tensor d = x.sub(m);
      Tensor v = d.mul(d).mean(dims, true);
      d.div(v.add(1e-5).sqrt()).mul(w.reshape(1, -1, 1, 1)).add(b.reshape(1, -1, 1, 1)).backward(g);
    }, 3.0);
    double mb = 4.0 * x.numel() / 1e6;
    System.out.printf(Locale.ROOT,
        "batchNorm2d [%d, 128, 28, 28] train forward+backward: fused %.2f s (%.0f MB tensor) | composed of element-wise"
            + " ops %.2f s -> %.1fx%n", batch, fused, mb, composite, composite / fused);
  }

  private static float[] rand(Rng r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() - 0.5);
    }
    return a;
  }

  /** Naive triple loop (i, j, k with a dot product per element), single thread. */
  static void naiveGemm(int m, int n, int k, float[] a, float[] b, float[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
        }
        c[i * n + j] = s;
      }
    }
  }

  private static void gemm(int m, int n, int k, double peak) {
    Rng r = new Rng(1);
    Tensor a = Tensor.fromArray(rand(r, m * k), m, k);
    Tensor b = Tensor.fromArray(rand(r, k * n), k, n);
    Tensor c = Tensor.zeros(m, n);
    double flop = 2.0 * m * n * k;
    Runnable blocked = () -> CpuBackend.INSTANCE.gemm(false, false, m, n, k, 1, a.storage(), 0, k, b.storage(), 0, n,
        0, c.storage(), 0, n);
    double tb = time(blocked, 1.5);
    double t1;
    try (CpuContext one = CpuContext.open(CpuContext.current().config().withThreads(1))) {
      t1 = one.call(() -> time(blocked, 1.0));
    }
    double tbt = time(() -> CpuBackend.INSTANCE.gemm(false, true, m, n, k, 1, a.storage(), 0, k, b.storage(), 0, k,
        0, c.storage(), 0, n), 1.0);
    float[] cn = new float[m * n];
    double tn = time(() -> naiveGemm(m, n, k, a.floatData(), b.floatData(), cn), 1.0);
    System.out.printf(Locale.ROOT,
        "SGEMM %4dx%4dx%4d  blocked %6.1f GFLOP/s (%4.1f%% of peak) | B^T %6.1f | 1 thread %6.1f | naive loop"
            + " %5.2f GFLOP/s  -> %.0fx%n",
        m, n, k, flop / tb / 1e9, 100 * flop / tb / 1e9 / peak, flop / tbt / 1e9, flop / t1 / 1e9, flop / tn / 1e9,
        tn / tb);
  }

  private static void conv(int t, int n, double peak) {
    int batch = t * n;
    int c = 128;
    int h = 28;
    Rng r = new Rng(2);
    Tensor x = Init.randn(r, batch, c, h, h).requiresGrad(true);
    Tensor w = Tensor.zeros(c, c, 3, 3);
    Init.torchDefault_(w, null, r);
    w.requiresGrad(true);
    ConvParams p = ConvParams.of(1, 1, 1, 1);
    double flop = 2.0 * batch * c * c * 9 * h * h;
    // naive baseline: direct 7-loop convolution on 2 samples, extrapolated per flop
    int nb = 2;
    float[] xs = x.detach().slice(0, 0, nb).contiguous().toFloatArray();
    float[] ws = w.detach().toFloatArray();
    float[] os = new float[nb * c * h * h];
    // compile the naive loop nest as a whole method first (timed otherwise mostly in the interpreter / OSR code)
    float[] small = new float[8 * 8 * 8];
    float[] smallW = new float[8 * 8 * 9];
    for (int i = 0; i < 2000; i++) {
      naiveConv(small, 1, 8, 8, smallW, small.clone());
    }
    double tn = time(() -> naiveConv(xs, nb, c, h, ws, os), 1.0);
    double flopN = 2.0 * nb * c * c * 9 * h * h;
    Tensor g = Init.randn(r, batch, c, h, h);
    double[] fwd = new double[2];
    for (int mode = 0; mode < 2; mode++) {
      try (CpuContext mc = CpuContext.open(CpuContext.current().config().withWinograd(mode == 1));
          CpuContext.Scope in = mc.enter()) {
        Tensor[] y = new Tensor[1];
        double tf;
        try (GradMode.Scope s = GradMode.noGrad()) {
          tf = time(() -> y[0] = NN.conv2d(x, w, null, p), 3.0);
        }
        double cf = lastCpu;
        double tbw = Double.MAX_VALUE;
        double cbw = 0;
        for (int rep = 0; rep < 3; rep++) {
          x.setGrad(null);
          w.setGrad(null);
          Tensor out = NN.conv2d(x, w, null, p);
          long c0 = processCpuNanos();
          long t0 = System.nanoTime();
          out.backward(g);
          tbw = Math.min(tbw, (System.nanoTime() - t0) / 1e9);
          cbw += (processCpuNanos() - c0) / 1e9 / 3;
        }
        fwd[mode] = tf;
        System.out.printf(Locale.ROOT,
            "conv2d [%d, %d, %d, %d] 3x3 pad 1 -> %d, %-12s: forward %.2f s %6.1f GFLOP/s (%4.1f%% of peak; %5.1f"
                + " per CPU-second) | backward (input+weight) %.2f s %6.1f GFLOP/s (%5.1f per CPU-second) | naive"
                + " direct forward %.2f GFLOP/s -> forward %.0fx%n",
            batch, c, h, h, c, mode == 1 ? "Winograd" : "im2col+GEMM", tf, flop / tf / 1e9,
            100 * flop / tf / 1e9 / peak, flop / cf / 1e9, tbw, 2 * flop / tbw / 1e9, 2 * flop / cbw / 1e9,
            flopN / tn / 1e9, (flop / tf) / (flopN / tn));
      }
    }
    System.out.printf(Locale.ROOT, "conv2d forward: Winograd %.2fx im2col+GEMM (GFLOP/s counted as direct"
        + " convolution)%n", fwd[0] / fwd[1]);
  }

  static void naiveConv(float[] x, int n, int c, int h, float[] w, float[] out) {
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < c; o++) {
        for (int oh = 0; oh < h; oh++) {
          for (int ow = 0; ow < h; ow++) {
            float acc = 0;
            for (int ci = 0; ci < c; ci++) {
              for (int i = 0; i < 3; i++) {
                int ih = oh - 1 + i;
                if (ih < 0 || ih >= h) {
                  continue;
                }
                for (int j = 0; j < 3; j++) {
                  int iw = ow - 1 + j;
                  if (iw >= 0 && iw < h) {
                    acc += x[((s * c + ci) * h + ih) * h + iw] * w[((o * c + ci) * 3 + i) * 3 + j];
                  }
                }
              }
            }
            out[((s * c + o) * h + oh) * h + ow] = acc;
          }
        }
      }
    }
  }

  /** CPU time of this process in ns (all threads, including JIT and GC), or -1 when unsupported. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean
        ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
  }

  /** Mean process CPU seconds per repetition of the last {@link #time} call. */
  private static double lastCpu;

  /**
   * Best-of wall time in seconds after one warm-up, repeating until {@code budget} seconds are spent; also records
   * the mean process CPU seconds per repetition in {@link #lastCpu} (a measure that does not depend on how much of
   * a shared machine the run got).
   */
  private static double time(Runnable r, double budget) {
    r.run();
    double best = Double.MAX_VALUE;
    long start = System.nanoTime();
    long c0 = processCpuNanos();
    int reps = 0;
    while (reps < 2 || (System.nanoTime() - start) / 1e9 < budget && reps < 50) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      reps++;
    }
    lastCpu = (processCpuNanos() - c0) / 1e9 / reps;
    return best;
  }
}
