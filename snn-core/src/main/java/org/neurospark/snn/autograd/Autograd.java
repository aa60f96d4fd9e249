package org.neurospark.snn.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.StorageScope;
import org.neurospark.snn.tensor.Tensor;

/** The reverse-mode engine: runs recorded {@link Node}s in reverse topological order and accumulates gradients. */
public final class Autograd {
  private Autograd() {}

  /**
   * Back-propagates {@code gradOutputs[i]} from {@code outputs[i]} (null gradient = ones, only for scalars) and
   * adds the results into the {@code grad()} of every leaf that requires grad. Without {@code retainGraph} the
   * traversed graph is freed: a second backward through it throws, and the tensors ops handed to the graph
   * ({@link FunctionContext#releaseWithGraph}) are released.
   *
   * <p>Intermediate gradients are released ({@link org.neurospark.snn.tensor.Storage#release()}) as soon as they
   * are consumed: a gradient storage that this backward pass allocated is released once no gradient buffer holds it
   * any more, unless it became (part of) a leaf's {@code grad()} or a gradient-exposing op (a backward hook,
   * {@link Function#exposesGradients()}) saw it. The caller's {@code gradOutputs} and every tensor allocated before
   * the call are never released here.
   */
  public static void backward(Tensor[] outputs, Tensor[] gradOutputs, boolean retainGraph) {
    try (StorageScope scope = StorageScope.open()) {
      new Pass(scope, retainGraph).backward(outputs, gradOutputs);
    }
  }

  /** One backward pass: its buffers and the bookkeeping that decides which gradient storages die. */
  private static final class Pass {
    private final StorageScope scope;
    private final boolean retainGraph;
    private final Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
    /** Gradient buffer slots holding each storage. */
    private final Map<Storage, int[]> uses = new IdentityHashMap<>();
    /** Storages allocated by this pass (indexed lazily from the scope's record). */
    private final Set<Storage> allocated = Collections.newSetFromMap(new IdentityHashMap<>());
    private int indexed;
    /** Storages given to a leaf (adopted or copied) and the caller's gradients: never adopted (again). */
    private final Set<Storage> adopted = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Storages that became a leaf's grad (adopted without a copy). */
    private final Set<Storage> leafOwned = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Storages a gradient-exposing op (hook) saw: user code may hold them. */
    private final Set<Storage> pinned = Collections.newSetFromMap(new IdentityHashMap<>());

    Pass(StorageScope scope, boolean retainGraph) {
      this.scope = scope;
      this.retainGraph = retainGraph;
    }

    void backward(Tensor[] outputs, Tensor[] gradOutputs) {
      List<Node> roots = new ArrayList<>();
      for (Tensor g : gradOutputs == null ? new Tensor[0] : gradOutputs) {
        if (g != null) {
          adopted.add(g.storage()); // the caller's gradient is never adopted
        }
      }
      for (int i = 0; i < outputs.length; i++) {
        Tensor out = outputs[i];
        if (!out.requiresGrad()) {
          throw new IllegalStateException("backward: tensor " + i + " does not require grad and has no grad_fn");
        }
        Tensor g = gradOutputs == null ? null : gradOutputs[i];
        if (g == null) {
          if (out.numel() != 1) {
            throw new IllegalArgumentException("backward: grad can be implicitly created only for scalar outputs;"
                + " got shape " + Arrays.toString(out.shape()));
          }
          g = Tensor.ones(out.backend(), out.dtype(), out.shape());
        } else if (!Arrays.equals(g.shape(), out.shape())) {
          throw new IllegalArgumentException("backward: gradient shape " + Arrays.toString(g.shape())
              + " does not match output shape " + Arrays.toString(out.shape()));
        }
        Node node = out.gradFn();
        if (node == null) {
          accumulateLeaf(out, g, false);
          continue;
        }
        List<Storage> dead = new ArrayList<>();
        buffer(node, out.outputIndex(), g, dead);
        releaseDead(dead);
        roots.add(node);
      }
      // dependency counts over the reachable graph
      Map<Node, int[]> deps = new IdentityHashMap<>();
      ArrayDeque<Node> stack = new ArrayDeque<>();
      for (Node r : roots) {
        if (!deps.containsKey(r)) {
          deps.put(r, new int[1]);
          stack.push(r);
        }
      }
      while (!stack.isEmpty()) {
        Node n = stack.pop();
        for (Node in : n.inputNodes) {
          if (in == null) {
            continue;
          }
          int[] c = deps.get(in);
          if (c == null) {
            deps.put(in, new int[] {1});
            stack.push(in);
          } else {
            c[0]++;
          }
        }
      }
      ArrayDeque<Node> ready = new ArrayDeque<>();
      for (Node r : roots) {
        if (deps.get(r)[0] == 0 && !ready.contains(r)) {
          ready.add(r);
        }
      }
      try (GradMode.Scope s = GradMode.noGrad()) {
        while (!ready.isEmpty()) {
          Node n = ready.poll();
          run(n, deps, ready);
        }
      }
    }

    /** Adds g into slot idx of node's buffer; storages that left a slot go to {@code dead} (candidates). */
    private void buffer(Node node, int idx, Tensor g, List<Storage> dead) {
      Tensor[] buf = buffers.computeIfAbsent(node, x -> new Tensor[x.outputShapes.length]);
      Tensor old = buf[idx];
      if (old == null) {
        buf[idx] = g;
        use(g.storage(), 1);
      } else {
        buf[idx] = add(old, g);
        use(old.storage(), -1);
        use(buf[idx].storage(), 1);
        dead.add(old.storage());
        dead.add(g.storage());
      }
    }

    private void use(Storage s, int delta) {
      int[] c = uses.get(s);
      if (c == null) {
        uses.put(s, new int[] {delta});
      } else {
        c[0] += delta;
      }
    }

    private boolean inBuffer(Storage s) {
      int[] c = uses.get(s);
      return c != null && c[0] > 0;
    }

    private boolean allocatedHere(Storage s) {
      List<Storage> rec = scope.recorded();
      for (; indexed < rec.size(); indexed++) {
        allocated.add(rec.get(indexed));
      }
      return allocated.contains(s);
    }

    /** Releases the candidates nobody can reach any more (see {@link Autograd#backward}). */
    private void releaseDead(List<Storage> candidates) {
      for (Storage s : candidates) {
        if (!s.isReleased() && !inBuffer(s) && !leafOwned.contains(s) && !pinned.contains(s) && allocatedHere(s)) {
          s.release();
        }
      }
    }

    private void run(Node n, Map<Node, int[]> deps, ArrayDeque<Node> ready) {
      if (n.released) {
        throw new IllegalStateException("Trying to backward through the graph a second time (op " + n.name()
            + "): the graph was freed by a previous backward; pass retainGraph=true to the first backward");
      }
      Tensor[] grads = buffers.remove(n);
      if (grads == null) {
        grads = new Tensor[n.outputShapes.length];
      }
      List<Storage> dead = new ArrayList<>();
      for (Tensor g : grads) {
        if (g != null) {
          use(g.storage(), -1);
          dead.add(g.storage());
        }
      }
      if (n.ctx.materializeGrads()) {
        for (int i = 0; i < grads.length; i++) {
          if (grads[i] == null) {
            grads[i] = Tensor.zeros(n.outputBackends[i], n.outputTypes[i], n.outputShapes[i]);
            dead.add(grads[i].storage());
          }
        }
      }
      Tensor[] gin = n.function.backward(n.ctx, grads);
      if (gin == null || gin.length != n.inputNodes.length) {
        throw new IllegalStateException(n.name() + ".backward returned " + (gin == null ? "null" : gin.length
            + " gradients") + " but the op has " + n.inputNodes.length + " inputs");
      }
      if (n.function.exposesGradients()) {
        for (Tensor g : grads) {
          if (g != null) {
            pinned.add(g.storage());
          }
        }
        for (Tensor g : gin) {
          if (g != null) {
            pinned.add(g.storage());
          }
        }
      }
      // storages a leaf must not adopt: the incoming gradients and the saved tensors (other owners)
      Set<Storage> foreign = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Tensor g : grads) {
        if (g != null) {
          foreign.add(g.storage());
        }
      }
      for (int i = 0; i < gin.length; i++) {
        if (gin[i] != null && n.inputNodes[i] != null) {
          foreign.add(gin[i].storage()); // also flows on to another node's buffer
        }
      }
      if (!n.ctx.isReleased()) {
        for (Tensor t : n.ctx.savedTensorsUnchecked()) {
          if (t != null) {
            foreign.add(t.storage());
          }
        }
      }
      if (!retainGraph) {
        n.released = true;
        n.ctx.release();
      }
      for (int i = 0; i < gin.length; i++) {
        Tensor g = gin[i];
        Node next = n.inputNodes[i];
        Tensor leaf = n.leaves[i];
        if (g != null && (next != null || leaf != null) && !Arrays.equals(g.shape(), n.inputShapes[i])) {
          throw new IllegalStateException(n.name() + ".backward returned a gradient of shape "
              + Arrays.toString(g.shape()) + " for input " + i + " of shape " + Arrays.toString(n.inputShapes[i]));
        }
        if (g != null) {
          dead.add(g.storage());
        }
        if (next != null) {
          if (g != null) {
            buffer(next, n.inputIndex[i], g, dead);
          }
          int[] c = deps.get(next);
          if (--c[0] == 0) {
            ready.add(next);
          }
        } else if (leaf != null && g != null) {
          boolean adopt = !foreign.contains(g.storage()) && !adopted.contains(g.storage());
          Storage own = accumulateLeaf(leaf, g, adopt);
          if (own != null) {
            leafOwned.add(own);
          }
          adopted.add(g.storage());
        }
      }
      releaseDead(dead);
    }
  }

  private static Tensor add(Tensor a, Tensor b) {
    return a.add(b);
  }

  /**
   * Adds g into leaf.grad. A fresh, contiguous g that nobody else references is adopted as the gradient buffer
   * (no copy); otherwise it is copied so later in-place accumulation cannot corrupt other tensors. Returns the
   * storage adopted as the leaf's grad, or null.
   */
  private static Storage accumulateLeaf(Tensor leaf, Tensor g, boolean adopt) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      if (g.dtype() != leaf.dtype()) {
        g = g.to(leaf.dtype());
      }
      Tensor cur = leaf.grad();
      if (cur == null) {
        boolean own = adopt && g.isContiguous() && g.offset() == 0 && g.storage().size() == g.numel();
        leaf.setGrad(own ? g.alias() : g.copy());
        return own ? g.storage() : null;
      } else {
        cur.add_(g);
        return null;
      }
    }
  }
}
