package org.neurospark.snn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurospark.snn.neuron.dynamics.LifCharge;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.neurospark.snn.neuron.dynamics.ParametricLifCharge;
import org.neurospark.snn.neuron.kernels.MultiStepKernel;
import org.neurospark.snn.neuron.kernels.Parallel;
import org.neurospark.snn.surrogate.Sigmoid;
import org.neurospark.snn.tensor.cpu.CpuContext;

/**
 * Benchmark of the fused multi-step neuron kernels on CPU (not a test): LIF and PLIF (hard reset, Sigmoid surrogate),
 * forward + backward over [T, N] float32, with 1 and 2 threads. Reports neuron-steps/s and the memory traffic in
 * GB/s (forward reads X and writes S and H, backward reads H and ∂L/∂S and writes ∂L/∂X: 24 bytes per
 * neuron-step), against a baseline measured in the same run: a plain streaming pass over the same arrays moving the
 * same bytes with trivial arithmetic (the memory-bound ceiling).
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp ... org.neurospark.snn.bench.NeuronBench
 * [T] [N] [iterations]} (defaults 16, 262144, 20). Arrays are allocated once.
 */
public final class NeuronBench {
  private static final int BYTES_PER_NEURON_STEP = 24;

  private NeuronBench() {}

  public static void main(String[] args) {
    int t = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 262_144;
    int iters = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int tn = t * n;
    float[] x = new float[tn];
    float[] gradSpike = new float[tn];
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < tn; i++) {
      x[i] = (float) (r.nextDouble() * 1.2 - 0.1);
      gradSpike[i] = (float) (r.nextDouble() * 2 - 1);
    }
    float[] spike = new float[tn];
    float[] h = new float[tn];
    float[] gradX = new float[tn];
    float[] vFinal = new float[n];
    NeuronSpec lif = new NeuronSpec(new LifCharge(2.0, true, 0.0), new Sigmoid(), 1.0, 0.0, false);
    NeuronSpec plif = new NeuronSpec(new ParametricLifCharge(ParametricLifCharge.initialW(2.0), true, 0.0, true),
        new Sigmoid(), 1.0, 0.0, false);
    System.out.printf(Locale.ROOT, "NeuronBench: T=%d N=%d fp32, %d timed iterations (median), %d bytes/neuron-step,"
        + " %d available processors%n", t, n, iters, BYTES_PER_NEURON_STEP, Runtime.getRuntime()
        .availableProcessors());
    System.out.printf(Locale.ROOT, "%-22s %7s %9s %9s %14s %14s %8s %9s %14s%n", "case", "threads", "ms(med)",
        "ms(min)", "steps/s(med)", "steps/s(best)", "GB/s", "% of base", "steps/cpu-s");
    for (int threads : new int[] {1, 2}) {
      // each thread count in its own context: the kernels split the work into th parts run on its pool
      try (CpuContext cpu = CpuContext.open(threads); CpuContext.Scope in = cpu.enter()) {
        final int th = threads;
        double[] base = time(iters, th, () -> baseline(x, gradSpike, spike, h, gradX, t, n, th));
        report("baseline stream", threads, base, tn, base);
        double[] lifFwd = time(iters, th, () ->
            MultiStepKernel.forward(lif, t, n, x, null, spike, h, null, vFinal, th));
        report("LIF fwd only", threads, lifFwd, tn, base);
        double[] lifMs = time(iters, th, () -> {
          MultiStepKernel.forward(lif, t, n, x, null, spike, h, null, vFinal, th);
          MultiStepKernel.backward(lif, t, n, h, null, gradSpike, null, null, gradX, null, th);
        });
        report("LIF fwd+bwd", threads, lifMs, tn, base);
        double[] lifBwd = time(iters, th, () ->
            MultiStepKernel.backward(lif, t, n, h, null, gradSpike, null, null, gradX, null, th));
        report("LIF bwd only", threads, lifBwd, tn, base);
        double[] plifMs = time(iters, th, () -> {
          MultiStepKernel.forward(plif, t, n, x, null, spike, h, null, vFinal, th);
          MultiStepKernel.backward(plif, t, n, h, null, gradSpike, null, null, gradX, null, th);
        });
        report("PLIF fwd+bwd (+grad w)", threads, plifMs, tn, base);
        double[] plifBwd = time(iters, th, () ->
            MultiStepKernel.backward(plif, t, n, h, null, gradSpike, null, null, gradX, null, th));
        report("PLIF bwd only", threads, plifBwd, tn, base);
      }
    }
  }

  /**
   * Prints one row; {@code ms} = {median wall, min wall, median CPU}; GB/s and % of baseline from the wall medians.
   * steps/cpu-s is neuron-steps per second of CPU time: of the calling thread with 1 thread (where all work runs on
   * it), of the whole process with more (all workers, mean per run; JIT and GC are idle in steady state). It is insensitive to
   * other processes competing for the cores; with perfect scaling it stays the same for any thread count.
   */
  private static void report(String what, int threads, double[] ms, int tn, double[] baseMs) {
    double gbs = (double) tn * BYTES_PER_NEURON_STEP / (ms[0] / 1e3) / 1e9;
    String cpu = ms[2] > 0 ? String.format(Locale.ROOT, "%14.3e", tn / (ms[2] / 1e3)) : String.format("%14s", "-");
    System.out.printf(Locale.ROOT, "%-22s %7d %9.2f %9.2f %14.3e %14.3e %8.2f %8.0f%% %s%n", what, threads, ms[0],
        ms[1], tn / (ms[0] / 1e3), tn / (ms[1] / 1e3), gbs, 100.0 * baseMs[0] / ms[0], cpu);
  }

  /**
   * {median wall ms, min wall ms, CPU ms} over {@code iters} runs after warm-up; CPU: median of the calling
   * thread's when {@code threads} is 1, else the process's mean per run (0 if the JVM cannot report it).
   */
  private static double[] time(int iters, int threads, Runnable r) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.OperatingSystemMXBean sunOs = os instanceof com.sun.management.OperatingSystemMXBean
        ? (com.sun.management.OperatingSystemMXBean) os : null;
    for (int i = 0; i < Math.max(3, iters); i++) {
      r.run();
    }
    double[] ms = new double[iters];
    double[] cpu = new double[iters];
    long p0 = sunOs != null ? sunOs.getProcessCpuTime() : -1;
    for (int i = 0; i < iters; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    long p1 = sunOs != null ? sunOs.getProcessCpuTime() : -1;
    Arrays.sort(ms);
    Arrays.sort(cpu);
    if (threads > 1) {
      // process CPU time has a coarse clock (often 10 ms): the mean over all iterations, not a median
      return new double[] {ms[iters / 2], ms[0], p0 >= 0 && p1 >= 0 ? (p1 - p0) / 1e6 / iters : 0};
    }
    return new double[] {ms[iters / 2], ms[0], cpu[iters / 2]};
  }

  /**
   * Streaming reference with the kernels' access pattern and bytes: pass 1 reads X, writes S and H; pass 2 reads H
   * and ∂L/∂S and writes ∂L/∂X; same chunking over N.
   */
  private static void baseline(float[] x, float[] gs, float[] s, float[] h, float[] gx, int t, int n, int threads) {
    Parallel.forRange(n, threads, t, (lo, hi) -> {
      for (int step = 0; step < t; step++) {
        int base = step * n;
        for (int i = base + lo; i < base + hi; i++) {
          float v = x[i];
          s[i] = v * 0.5f;
          h[i] = v + 1f;
        }
      }
      for (int step = t - 1; step >= 0; step--) {
        int base = step * n;
        for (int i = base + lo; i < base + hi; i++) {
          gx[i] = h[i] * gs[i];
        }
      }
      return 0.0;
    });
  }
}
