package org.neurospark.snn.tensor.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Released float arrays of one {@link CpuContext}, kept for tensors of the same length allocated later (the next
 * training step allocates the same shapes as the last one). Java zeroes every new array: on the CSNN's training step
 * that was about 11 % of the step's time, writing memory that the kernels then overwrite. A tensor allocated for
 * overwriting ({@link CpuBackend#allocateForOverwrite}) takes a kept array as it is; one allocated as zeros gets it
 * zero-filled.
 *
 * <p>Arrays come back only through {@link org.neurospark.snn.tensor.Storage#release()} of a storage made from this
 * recycler, which happens where the library's ownership rules release storages (autograd's owned tensors and
 * consumed gradients, the training step's dead storages); everything else is left to the garbage collector as
 * before. At most {@code capacityBytes} are kept; beyond that a returned array is dropped. Only arrays of at least
 * {@link #MIN_LENGTH} floats are recycled (small ones are cheap to zero). Thread-safe.
 */
final class ArrayRecycler {
  /** Arrays shorter than this (64 Ki floats, 256 KiB) are neither kept nor taken. */
  static final int MIN_LENGTH = 1 << 16;

  private final long capacityBytes;
  private final Map<Integer, ArrayDeque<float[]>> byLength = new HashMap<>();
  private long keptBytes;
  private long reused;

  ArrayRecycler(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  /** A kept array of exactly {@code length} floats (contents left by its last user), or null. */
  synchronized float[] take(int length) {
    if (length < MIN_LENGTH) {
      return null;
    }
    ArrayDeque<float[]> q = byLength.get(length);
    float[] a = q == null ? null : q.pollLast();
    if (a != null) {
      keptBytes -= 4L * length;
      reused++;
    }
    return a;
  }

  /** Keeps {@code a} for a later {@link #take} unless that would exceed the capacity. */
  synchronized void give(float[] a) {
    long bytes = 4L * a.length;
    if (a.length < MIN_LENGTH || keptBytes + bytes > capacityBytes) {
      return;
    }
    byLength.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(a);
    keptBytes += bytes;
  }

  /** Bytes of arrays kept now. */
  synchronized long keptBytes() {
    return keptBytes;
  }

  /** Arrays handed out again so far. */
  synchronized long reused() {
    return reused;
  }

  /** Drops every kept array. */
  synchronized void clear() {
    byLength.clear();
    keptBytes = 0;
  }
}
