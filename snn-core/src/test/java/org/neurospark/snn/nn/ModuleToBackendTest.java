package org.neurospark.snn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.neuron.KLIFNode;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.sealed.SealedBackend;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * {@link Module#to(org.neurospark.snn.tensor.Backend)}: a conv / batch-norm / pool / dropout / linear network
 * moved to a backend the host cannot read trains there with no download inside the step (the batch and its labels
 * are the only uploads; the dropout mask is drawn on the backend) and equals the CPU run bit for bit; state dicts load and
 * save through the backend; neurons with host-array kernels (KLIF) refuse to move.
 */
class ModuleToBackendTest {
  private static Module net() {
    Rng rng = new Rng(31);
    return new Sequential(new Conv2d(2, 4, 3, 1, 1, true, rng), BatchNorm.bn2d(4), Pool2d.max(2, 2, 0),
        new Dropout(0.25, false, 7), new Flatten(), new Linear(4 * 4 * 4, 5, true, rng));
  }

  @Test
  void annTrainsOnASealedBackendLikeOnTheCpu() {
    SealedBackend sealed = new SealedBackend();
    Module cpu = net();
    Module dev = net().to(sealed);
    for (Tensor p : dev.parameters()) {
      assertSame(sealed, p.backend());
      assertEquals(true, p.requiresGrad());
    }
    Adam oc = Adam.adam(cpu.namedParameters(), 0.01);
    Adam od = Adam.adam(dev.namedParameters(), 0.01);
    Random r = new Random(32);
    int n = 6;
    for (int s = 0; s < 3; s++) {
      float[] x = new float[n * 2 * 8 * 8];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextInt(5);
      }
      Tensor lc = Losses.byName("ce", cpu.forward(Tensor.fromArray(x, n, 2, 8, 8)).unsqueeze(0), labels);
      oc.zeroGrad();
      lc.backward();
      oc.step();
      cpu.reset();
      sealed.resetCounts();
      Tensor ld = Losses.byName("ce", dev.forward(Tensor.fromArray(sealed, x, n, 2, 8, 8)).unsqueeze(0),
          Tensor.fromArray(sealed, labels, n));
      od.zeroGrad();
      ld.backward();
      od.step();
      dev.reset();
      assertEquals(2, sealed.uploads(), "batch and labels (the dropout mask is drawn on the backend)");
      assertEquals(0, sealed.downloads(), "nothing read back inside the step");
      assertEquals(lc.item(), ld.item(), "step " + s);
    }
    Map<String, Tensor> pc = cpu.namedParameters();
    dev.namedParameters().forEach((k, t) -> assertArrayEquals(pc.get(k).toFloatArray(), t.toFloatArray(), k));
    BatchNorm bc = (BatchNorm) cpu.child("1");
    BatchNorm bd = (BatchNorm) dev.child("1");
    assertEquals(3, bd.numBatchesTracked());
    assertArrayEquals(bc.runningVar().toFloatArray(), bd.runningVar().toFloatArray());
    // state dicts: saved from the sealed model equal the CPU's, and load back into a sealed model
    SafeTensors saved = dev.stateDict();
    SafeTensors ref = cpu.stateDict();
    assertEquals(ref.entries().keySet(), saved.entries().keySet());
    ref.entries().forEach((k, e) -> assertArrayEquals(e.toDoubles(), saved.get(k).toDoubles(), k));
    Module fresh = net().to(sealed);
    fresh.loadStateDict(ref, true);
    fresh.namedParameters().forEach((k, t) -> assertArrayEquals(pc.get(k).toFloatArray(), t.toFloatArray(), k));
    assertEquals(3, ((BatchNorm) fresh.child("1")).numBatchesTracked());
    assertSame(sealed, ((BatchNorm) fresh.child("1")).runningMean().backend());
    // and back to the CPU
    Module back = fresh.to(CpuBackend.INSTANCE);
    assertSame(CpuBackend.INSTANCE, back.parameters().get(0).backend());
  }

  @Test
  void aModuleWithoutKernelsThereRefusesToMoveAndNothingMoves() {
    Module m = new Sequential(new Linear(3, 2, true, new Rng(1)), new CpuOnly(), new KLIFNode());
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> m.to(new SealedBackend()));
    assertEquals(true, e.getMessage().contains("CpuOnly") && e.getMessage().contains("no kernels"),
        e.getMessage());
    assertSame(CpuBackend.INSTANCE, m.parameters().get(0).backend());
  }

  /** A module whose computation exists only on the CPU. */
  private static final class CpuOnly extends Module {
    @Override
    protected boolean runsOn(org.neurospark.snn.tensor.Backend backend) {
      return backend instanceof CpuBackend;
    }

    @Override
    protected Tensor doForward(Tensor x) {
      return x;
    }
  }
}
