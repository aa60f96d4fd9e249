package org.neurospark.snn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/** Backward releases the intermediate gradients it consumed and what ops handed to the graph, nothing else. */
class GradReleaseTest {

  private static Tensor batch(SealedBackend b, int t, int n, int c, int hw) {
    Random r = new Random(3);
    float[] x = new float[t * n * c * hw * hw];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2);
    }
    return Tensor.fromArray(b, x, t, n, c, hw, hw);
  }

  /** After backward only the parameters' gradients (and a few small leftovers) are new on the device. */
  @Test
  void backwardLeavesLittleMoreThanTheParameterGradients() {
    SealedBackend sealed = new SealedBackend();
    Module net = ModelZoo.csnnSmall(6).to(sealed);
    Tensor x = batch(sealed, 3, 2, 2, 16);
    Tensor loss = Losses.byName("ce", net.forward(x), Tensor.fromArray(sealed, new int[] {1, 4}, 2));
    long beforeBackward = sealed.liveStorages();
    loss.backward();
    long grown = sealed.liveStorages() - beforeBackward;
    int params = net.parameters().size();
    assertTrue(grown <= params + 6, "backward left " + grown + " new storages for " + params + " parameter grads");
    for (Tensor p : net.parameters()) {
      assertNotNull(p.grad());
      assertFalse(p.grad().storage().isReleased());
    }
  }

  /** retainGraph: the first pass releases gradients only, never a saved tensor, so a second pass agrees. */
  @Test
  void retainGraphKeepsSavedTensorsAndASecondBackwardAgrees() {
    SealedBackend sealed = new SealedBackend();
    Module net = ModelZoo.csnnSmall(6).to(sealed);
    Tensor loss = Losses.byName("ce", net.forward(batch(sealed, 3, 2, 2, 16)),
        Tensor.fromArray(sealed, new int[] {1, 4}, 2));
    loss.backward(null, true);
    List<float[]> first = new ArrayList<>();
    for (Tensor p : net.parameters()) {
      first.add(p.grad().toFloatArray());
      p.setGrad(null);
    }
    loss.backward(); // the graph is intact: the first pass released gradients only, no saved tensor
    int i = 0;
    for (Tensor p : net.parameters()) {
      assertArrayEquals(first.get(i++), p.grad().toFloatArray());
    }
  }

  /** Gradients a backward hook saw stay readable after backward; the caller's gradient is never released. */
  @Test
  void hookedAndCallerGradientsSurvive() {
    Module net = ModelZoo.csnnSmall(6);
    List<Tensor> seen = new ArrayList<>();
    net.visit((name, m) -> m.addBackwardHook((mod, gIn, gOut) -> {
      if (gOut != null) {
        seen.add(gOut);
      }
      if (gIn != null) {
        seen.add(gIn);
      }
    }));
    Tensor x = Tensor.zeros(3, 2, 2, 16, 16).add(0.7).requiresGrad(true);
    Tensor out = net.forward(x);
    Tensor g = Tensor.ones(DType.FLOAT32, out.shape());
    out.backward(g);
    assertFalse(seen.isEmpty());
    for (Tensor s : seen) {
      assertFalse(s.storage().isReleased(), "a hook's gradient is the hook's");
      s.sum().item();
    }
    assertFalse(g.storage().isReleased(), "the caller's gradient is the caller's");
    assertNotNull(x.grad());
  }

  /** Tensors handed to the graph are released when it is freed, or at once when no graph is recorded. */
  @Test
  void releaseWithGraphFollowsTheGraph() {
    Tensor[] kept = new Tensor[1];
    Function f = new Function() {
      @Override
      protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
        Tensor twice = in[0].mul(2);
        ctx.saveForBackward(twice);
        ctx.releaseWithGraph(twice);
        kept[0] = twice;
        return new Tensor[] {in[0].mul(twice)};
      }

      @Override
      protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
        return new Tensor[] {g[0].mul(ctx.savedTensors()[0]).mul(2)};
      }
    };
    Tensor a = Tensor.fromArray(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor y = f.apply1(a);
    assertFalse(kept[0].storage().isReleased());
    y.sum().backward();
    assertTrue(kept[0].storage().isReleased(), "freed with the graph");
    assertArrayEquals(new float[] {4, 8, 12}, a.grad().toFloatArray());
    try (GradMode.Scope s = GradMode.noGrad()) {
      f.apply1(a);
    }
    assertTrue(kept[0].storage().isReleased(), "no graph: released after forward");
    assertEquals(3, a.grad().numel());
  }
}
