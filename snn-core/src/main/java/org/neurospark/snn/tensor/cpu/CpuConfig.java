package org.neurospark.snn.tensor.cpu;

import java.io.Serializable;
import java.util.Locale;

/**
 * Immutable settings of a {@link CpuContext}: how many threads run its kernels, whether eligible convolutions use
 * Winograd, and how much scratch memory each of its threads may keep between kernel calls.
 *
 * <p>Thread counts matter for results: every parallel kernel splits its work by the thread count alone (never by
 * which thread runs which part), so a computation gives bit-identical results for a given {@code threads}, and
 * results for different thread counts may differ in the last float bits (reductions sum partial results in another
 * grouping).
 *
 * @param threads number of threads that run a parallel kernel loop (the thread that calls a kernel is one of them,
 *     so {@code threads - 1} pool workers are started); at least 1
 * @param winograd true to run fp32 3×3 stride-1 convolutions with at least {@value WinogradF#MIN_CHANNELS} input
 *     and output channels through Winograd F(2×2, 3×3) (needs the Vector API; results equal im2col + GEMM up to
 *     float32 rounding); false for im2col + GEMM
 * @param scratchBytesPerThread bytes of kernel scratch (GEMM packing, im2col, Winograd tiles) that each thread
 *     running this context's kernels may keep for reuse until the context closes; a kernel needing more gets arrays
 *     that are dropped after the call (correct, only slower). At least 0 (0: nothing is kept)
 * @param recycleBytes bytes of released float arrays (of at least 256 KiB each) that the context keeps to hand out
 *     again for tensors of the same length, instead of letting Java allocate and zero new ones; arrays come back
 *     where the library releases storages (autograd's consumed tensors, the training step's dead storages), so this
 *     matters for training steps. 0: off; {@link #RECYCLE_QUARTER_HEAP}: a quarter of the JVM's maximum heap
 *     (resolved when the context opens)
 */
public record CpuConfig(int threads, boolean winograd, long scratchBytesPerThread, long recycleBytes)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** System property (then environment variable {@value #THREADS_ENV}) giving the default thread count. */
  public static final String THREADS_PROPERTY = "neurospark.threads";
  /** Environment variable giving the default thread count when {@value #THREADS_PROPERTY} is not set. */
  public static final String THREADS_ENV = "NEUROSPARK_THREADS";
  /** System property (then environment variable {@value #WINOGRAD_ENV}), {@code true} or {@code false}. */
  public static final String WINOGRAD_PROPERTY = "neurospark.winograd";
  /** Environment variable for the Winograd default when {@value #WINOGRAD_PROPERTY} is not set. */
  public static final String WINOGRAD_ENV = "NEUROSPARK_WINOGRAD";
  /** System property (then environment variable {@value #SCRATCH_ENV}): scratch per thread in MiB. */
  public static final String SCRATCH_PROPERTY = "neurospark.scratch.mib";
  /** Environment variable for the scratch default when {@value #SCRATCH_PROPERTY} is not set. */
  public static final String SCRATCH_ENV = "NEUROSPARK_SCRATCH_MIB";
  /**
   * Default scratch per thread: 64 MiB. The CSNN training step (128 channels, 28×28, T·N = 256) keeps about
   * 6 MiB per thread.
   */
  public static final long DEFAULT_SCRATCH_BYTES_PER_THREAD = 64L << 20;

  /** {@link #recycleBytes()} value meaning a quarter of the maximum heap of the JVM that opens the context. */
  public static final long RECYCLE_QUARTER_HEAP = -1;
  /** System property of the recycled bytes in MiB (0 turns recycling off). */
  public static final String RECYCLE_PROPERTY = "neurospark.recycle.mib";
  /** Environment variable of the recycled bytes in MiB, read when the property is absent. */
  public static final String RECYCLE_ENV = "NEUROSPARK_RECYCLE_MIB";

  /** Validates the values. */
  public CpuConfig {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
    }
    if (scratchBytesPerThread < 0) {
      throw new IllegalArgumentException("scratchBytesPerThread must be >= 0, got " + scratchBytesPerThread);
    }
    if (recycleBytes < 0 && recycleBytes != RECYCLE_QUARTER_HEAP) {
      throw new IllegalArgumentException("recycleBytes must be >= 0 or RECYCLE_QUARTER_HEAP, got " + recycleBytes);
    }
  }

  /**
   * {@code threads} threads, Winograd on, {@link #DEFAULT_SCRATCH_BYTES_PER_THREAD} scratch per thread, recycling
   * up to a quarter of the heap.
   */
  public static CpuConfig ofThreads(int threads) {
    return new CpuConfig(threads, true, DEFAULT_SCRATCH_BYTES_PER_THREAD, RECYCLE_QUARTER_HEAP);
  }

  /** Validates the values; recycling up to a quarter of the heap. */
  public CpuConfig(int threads, boolean winograd, long scratchBytesPerThread) {
    this(threads, winograd, scratchBytesPerThread, RECYCLE_QUARTER_HEAP);
  }

  /**
   * The configuration of this JVM's environment: thread count from system property {@value #THREADS_PROPERTY},
   * else environment variable {@value #THREADS_ENV}, else 1 (never the number of processors: an executor running
   * several tasks sizes each task's context itself); Winograd from {@value #WINOGRAD_PROPERTY} /
   * {@value #WINOGRAD_ENV}, else on; scratch per thread in MiB from {@value #SCRATCH_PROPERTY} /
   * {@value #SCRATCH_ENV}, else {@link #DEFAULT_SCRATCH_BYTES_PER_THREAD}; recycled bytes in MiB from
   * {@value #RECYCLE_PROPERTY} / {@value #RECYCLE_ENV}, else {@link #RECYCLE_QUARTER_HEAP}. Read on every call.
   *
   * @throws IllegalArgumentException naming the property or variable when a value is not a valid number/boolean
   */
  public static CpuConfig fromEnvironment() {
    int threads = (int) number(THREADS_PROPERTY, THREADS_ENV, 1);
    String w = setting(WINOGRAD_PROPERTY, WINOGRAD_ENV);
    boolean winograd = true;
    if (w != null) {
      String v = w.trim().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(WINOGRAD_PROPERTY + "/" + WINOGRAD_ENV + " must be true or false, got '"
            + w + "'");
      }
      winograd = v.equals("true");
    }
    long scratch = number(SCRATCH_PROPERTY, SCRATCH_ENV, DEFAULT_SCRATCH_BYTES_PER_THREAD >> 20) << 20;
    long recycle = setting(RECYCLE_PROPERTY, RECYCLE_ENV) == null ? RECYCLE_QUARTER_HEAP
        : number(RECYCLE_PROPERTY, RECYCLE_ENV, 0) << 20;
    return new CpuConfig(threads, winograd, scratch, recycle);
  }

  /** This configuration with another thread count. */
  public CpuConfig withThreads(int n) {
    return new CpuConfig(n, winograd, scratchBytesPerThread, recycleBytes);
  }

  /** This configuration with Winograd on or off. */
  public CpuConfig withWinograd(boolean on) {
    return new CpuConfig(threads, on, scratchBytesPerThread, recycleBytes);
  }

  /** This configuration with another scratch allowance per thread, in bytes. */
  public CpuConfig withScratchBytesPerThread(long bytes) {
    return new CpuConfig(threads, winograd, bytes, recycleBytes);
  }

  /** This configuration with another allowance of recycled arrays, in bytes (see {@link #recycleBytes()}). */
  public CpuConfig withRecycleBytes(long bytes) {
    return new CpuConfig(threads, winograd, scratchBytesPerThread, bytes);
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(env);
  }

  private static long number(String property, String env, long dflt) {
    String v = setting(property, env);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + "/" + env + " must be a non-negative integer, got '" + v + "'");
    }
  }
}
