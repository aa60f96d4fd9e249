package org.neurospark.snn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.StorageScope;
import org.neurospark.snn.tensor.Tensor;

/**
 * The storage owner of a {@link TrainStep}: at the end of every step it releases the storages the step allocated
 * (recorded by a {@link StorageScope}) that nothing can use any more, so a device backend gets its memory back at
 * once instead of when the garbage collector runs.
 *
 * <p>The rule: a storage allocated inside a step is released at the end of that step unless it is reachable
 * ({@link ReachableStorages}) from the step's model, optimizer, loss or encoder (parameters, gradients, optimizer
 * state, neuron state, buffers, monitors' records, hooks' captured values) or is one of the tensors handed to the
 * caller in the {@link StepResult}. A reachable one is remembered and checked again at the end of every later step:
 * once nothing reaches it (a gradient replaced by {@code zeroGrad}, a neuron state replaced by {@code reset}), it is
 * released. The tensors handed to the caller are released by {@link StepResult#release()} (which
 * {@link StepMetrics} calls after reading them) when the step owned them, i.e. when nothing else reached them at the
 * end of the step; otherwise nobody releases them (the garbage collector does). When the reachability walk is
 * incomplete (a field it could not read) nothing is released that step. Storages created outside the step (the
 * caller's batch, parameters made before training) are never released here.
 */
final class StepStorage {
  private final ReachableStorages reach = new ReachableStorages();
  private List<Storage> carried = new ArrayList<>();
  private long released;

  /** Storages kept at the end of the last step because something reached them. */
  int carried() {
    return carried.size();
  }

  /** Number of storages released so far (for tests and benchmarks). */
  long released() {
    return released;
  }

  /**
   * Ends a step: releases what {@code scope} recorded and what was carried, except what {@code roots} reach and
   * {@code handed}'s storages; returns, per handed tensor, whether the step owned it (allocated in the step,
   * reachable from nothing else), so the receiver may release it.
   */
  boolean[] end(StorageScope scope, Object[] roots, Tensor... handed) {
    if (carried.isEmpty() && scope.recorded().isEmpty()) {
      return new boolean[handed.length]; // nothing to decide (a CPU step: its arrays are the collector's)
    }
    Set<Storage> live = reach.from(roots);
    Set<Storage> out = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor t : handed) {
      if (t != null) {
        out.add(t.storage());
      }
    }
    List<Storage> candidates = new ArrayList<>(carried);
    candidates.addAll(scope.recorded());
    boolean[] owned = new boolean[handed.length];
    if (!reach.complete()) {
      carried = dropReleased(candidates, out);
      return owned;
    }
    Set<Storage> made = Collections.newSetFromMap(new IdentityHashMap<>());
    made.addAll(scope.recorded());
    for (int i = 0; i < handed.length; i++) {
      Storage s = handed[i] == null ? null : handed[i].storage();
      owned[i] = s != null && made.contains(s) && !live.contains(s);
    }
    Set<Storage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Storage> keep = new ArrayList<>();
    for (Storage s : candidates) {
      if (!seen.add(s) || s.isReleased() || out.contains(s)) {
        continue;
      }
      if (live.contains(s)) {
        keep.add(s);
      } else {
        s.release();
        released++;
      }
    }
    carried = keep;
    return owned;
  }

  private static List<Storage> dropReleased(List<Storage> all, Set<Storage> out) {
    Set<Storage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Storage> keep = new ArrayList<>();
    for (Storage s : all) {
      if (seen.add(s) && !s.isReleased() && !out.contains(s)) {
        keep.add(s);
      }
    }
    return keep;
  }
}
