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
import org.neurospark.snn.tensor.Tensor;

/** The reverse-mode engine: runs recorded {@link Node}s in reverse topological order and accumulates gradients. */
public final class Autograd {
  private Autograd() {}

  /**
   * Back-propagates {@code gradOutputs[i]} from {@code outputs[i]} (null gradient = ones, only for scalars) and
   * adds the results into the {@code grad()} of every leaf that requires grad. Without {@code retainGraph} the
   * traversed graph is freed: a second backward through it throws.
   */
  public static void backward(Tensor[] outputs, Tensor[] gradOutputs, boolean retainGraph) {
    Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
    List<Node> roots = new ArrayList<>();
    for (int i = 0; i < outputs.length; i++) {
      Tensor out = outputs[i];
      if (!out.requiresGrad()) {
        throw new IllegalStateException("backward: tensor " + i + " does not require grad and has no grad_fn");
      }
      Tensor g = gradOutputs == null ? null : gradOutputs[i];
      if (g == null) {
        if (out.numel() != 1) {
          throw new IllegalArgumentException("backward: grad can be implicitly created only for scalar outputs; got"
              + " shape " + Arrays.toString(out.shape()));
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
      Tensor[] buf = buffers.computeIfAbsent(node, n -> new Tensor[n.outputShapes.length]);
      int idx = out.outputIndex();
      buf[idx] = buf[idx] == null ? g : add(buf[idx], g);
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
    Set<Storage> adopted = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor g : gradOutputs == null ? new Tensor[0] : gradOutputs) {
      if (g != null) {
        adopted.add(g.storage()); // the caller's gradient is never adopted
      }
    }
    try (GradMode.Scope s = GradMode.noGrad()) {
      while (!ready.isEmpty()) {
        Node n = ready.poll();
        Tensor[] grads = buffers.remove(n);
        run(n, grads, buffers, deps, ready, retainGraph, adopted);
      }
    }
  }

  private static void run(Node n, Tensor[] grads, Map<Node, Tensor[]> buffers, Map<Node, int[]> deps,
      ArrayDeque<Node> ready, boolean retainGraph, Set<Storage> adopted) {
    if (n.released) {
      throw new IllegalStateException("Trying to backward through the graph a second time (op " + n.name()
          + "): the graph was freed by a previous backward; pass retainGraph=true to the first backward");
    }
    if (grads == null) {
      grads = new Tensor[n.outputShapes.length];
    }
    if (n.ctx.materializeGrads()) {
      for (int i = 0; i < grads.length; i++) {
        if (grads[i] == null) {
          grads[i] = Tensor.zeros(n.outputBackends[i], n.outputTypes[i], n.outputShapes[i]);
        }
      }
    }
    Tensor[] gin = n.function.backward(n.ctx, grads);
    if (gin == null || gin.length != n.inputNodes.length) {
      throw new IllegalStateException(n.name() + ".backward returned " + (gin == null ? "null" : gin.length
          + " gradients") + " but the op has " + n.inputNodes.length + " inputs");
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
      if (next != null) {
        if (g != null) {
          Tensor[] buf = buffers.computeIfAbsent(next, x -> new Tensor[x.outputShapes.length]);
          int idx = n.inputIndex[i];
          buf[idx] = buf[idx] == null ? g : add(buf[idx], g);
        }
        int[] c = deps.get(next);
        if (--c[0] == 0) {
          ready.add(next);
        }
      } else if (leaf != null && g != null) {
        boolean adopt = !foreign.contains(g.storage()) && !adopted.contains(g.storage());
        accumulateLeaf(leaf, g, adopt);
        adopted.add(g.storage());
      }
    }
  }

  private static Tensor add(Tensor a, Tensor b) {
    return a.add(b);
  }

  /**
   * Adds g into leaf.grad. A fresh, contiguous g that nobody else references is adopted as the gradient buffer
   * (no copy); otherwise it is copied so later in-place accumulation cannot corrupt other tensors.
   */
  private static void accumulateLeaf(Tensor leaf, Tensor g, boolean adopt) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      if (g.dtype() != leaf.dtype()) {
        g = g.to(leaf.dtype());
      }
      Tensor cur = leaf.grad();
      if (cur == null) {
        boolean own = adopt && g.isContiguous() && g.offset() == 0 && g.storage().size() == g.numel();
        leaf.setGrad(own ? g.alias() : g.copy());
      } else {
        cur.add_(g);
      }
    }
  }
}
