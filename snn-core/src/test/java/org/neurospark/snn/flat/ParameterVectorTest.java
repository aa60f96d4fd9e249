package org.neurospark.snn.flat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StDType;
import org.neurospark.snn.nn.BatchNorm;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Optimizer;
import org.neurospark.snn.optim.Sgd;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.sealed.SealedBackend;
import org.neurospark.snn.train.StepSeeds;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.snn.train.TrainStep;

class ParameterVectorTest {
  private static final TrainConfig CFG = TrainConfig.builder().model("csnn-fmnist").channels(2).timeSteps(2)
      .threads(1).optimizer("adam").lr(1e-2).build();

  /** A model and step (seeded) after {@code steps} Adam steps on random images drawn from {@code dataSeed}. */
  private static TrainStep trained(long modelSeed, long dataSeed, int steps) {
    Module m = CFG.toBuilder().seed(modelSeed).build().createModel();
    TrainStep s = CFG.createStep(m);
    Rng rng = new Rng(dataSeed);
    for (int i = 0; i < steps; i++) {
      s.step(batch(rng), new StepSeeds(i, i));
    }
    return s;
  }

  private static Batch batch(Rng rng) {
    Tensor x = Tensor.zeros(4, 1, 28, 28);
    Init.uniform_(x, 0, 1, rng);
    int[] lab = new int[4];
    for (int i = 0; i < lab.length; i++) {
      lab[i] = rng.nextInt(10);
    }
    return new Batch(x, lab);
  }

  @Test
  void refreshFillsTheSameArraysWithWhatOfReturns() {
    TrainStep a = trained(1, 10, 2);
    ParameterVector v = ParameterVector.of(a.model(), a.optimizer());
    float[] floats = v.floats();
    long[] counters = v.counters();
    // another replica's state, with optimizer state; then one with none (its entries must become zeros again)
    TrainStep b = trained(2, 20, 3);
    assertTrue(v == v.refresh(b.model(), b.optimizer()));
    assertTrue(floats == v.floats() && counters == v.counters(), "refilled in place");
    ParameterVector fromB = ParameterVector.of(b.model(), b.optimizer());
    assertArrayEquals(fromB.floats(), v.floats());
    assertArrayEquals(fromB.counters(), v.counters());
    TrainStep c = trained(3, 30, 0);
    v.refresh(c.model(), c.optimizer());
    ParameterVector fromC = ParameterVector.of(c.model(), c.optimizer());
    assertArrayEquals(fromC.floats(), v.floats());
    assertArrayEquals(fromC.counters(), v.counters());
    assertEquals(0L, v.counters()[v.layout().entries(FlatKind.OPTIMIZER_STEP).get(0).offset()]);
    // parameters only: the layout differs
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.refresh(c.model(), null));
    assertTrue(e.getMessage().contains("layout mismatch"), e.getMessage());
  }

  @Test
  void roundTripRestoresModelAndOptimizerExactly() throws Exception {
    TrainStep a = trained(1, 10, 2);
    ParameterVector v = ParameterVector.of(a.model(), a.optimizer());
    ByteBuffer bytes = v.toByteBuffer();
    assertEquals(v.layout().byteSize(), bytes.remaining());
    ParameterVector back = ParameterVector.fromByteBuffer(v.layout(), bytes);
    assertArrayEquals(v.floats(), back.floats());
    assertArrayEquals(v.counters(), back.counters());

    TrainStep b = trained(2, 20, 0); // other initial weights, no optimizer state yet
    assertNotEquals(new String(a.model().stateDict().toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1),
        new String(b.model().stateDict().toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
    back.copyTo(b.model(), b.optimizer());
    assertArrayEquals(a.model().stateDict().toBytes(), b.model().stateDict().toBytes());
    assertArrayEquals(a.optimizer().stateDict().toBytes(), b.optimizer().stateDict().toBytes());
    ParameterVector again = ParameterVector.of(b.model(), b.optimizer());
    assertArrayEquals(v.floats(), again.floats());
    assertArrayEquals(v.counters(), again.counters());

    // the restored replica continues exactly as the original
    Rng r1 = new Rng(99);
    Rng r2 = new Rng(99);
    a.step(batch(r1), new StepSeeds(5, 5));
    b.step(batch(r2), new StepSeeds(5, 5));
    assertArrayEquals(ParameterVector.of(a.model(), a.optimizer()).floats(),
        ParameterVector.of(b.model(), b.optimizer()).floats());
  }

  @Test
  void averageOfTwoReplicasIsTheElementwiseMean() {
    TrainStep a = trained(1, 10, 3);
    TrainStep c = trained(1, 30, 3); // same start, other data: different weights, moments and running stats
    ParameterVector avg = ParameterVector.average(List.of(ParameterVector.of(a.model(), a.optimizer()),
        ParameterVector.of(c.model(), c.optimizer())));
    TrainStep d = trained(3, 40, 0);
    avg.copyTo(d.model(), d.optimizer());
    Map<String, Tensor> pa = a.model().namedParameters();
    Map<String, Tensor> pc = c.model().namedParameters();
    d.model().namedParameters().forEach((n, t) -> assertMean(n, pa.get(n), pc.get(n), t));
    Map<String, Tensor> ba = a.model().namedBuffers();
    Map<String, Tensor> bc = c.model().namedBuffers();
    int counters = 0;
    for (Map.Entry<String, Tensor> e : d.model().namedBuffers().entrySet()) {
      if (d.model().isCounter(e.getKey())) {
        counters++;
        assertEquals(ba.get(e.getKey()).item(), e.getValue().item(), 0, e.getKey());
        assertTrue(e.getValue().item() > 0, e.getKey() + " counted the training forwards");
      } else {
        assertMean(e.getKey(), ba.get(e.getKey()), bc.get(e.getKey()), e.getValue());
      }
    }
    assertTrue(counters > 0, "csnn-fmnist has BatchNorm layers");
    for (String p : pa.keySet()) {
      assertEquals(3, d.optimizer().state().get(p).step());
      for (String b : List.of("exp_avg", "exp_avg_sq")) {
        assertMean(p + "." + b, a.optimizer().state().get(p).buffer(b), c.optimizer().state().get(p).buffer(b),
            d.optimizer().state().get(p).buffer(b));
      }
    }
  }

  private static void assertMean(String name, Tensor a, Tensor b, Tensor mean) {
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    float[] m = mean.toFloatArray();
    boolean differ = false;
    for (int i = 0; i < m.length; i++) {
      assertEquals((float) (((double) x[i] + y[i]) / 2), m[i], 0f, name + "[" + i + "]");
      differ |= x[i] != y[i];
    }
    if (name.endsWith("weight") && !name.contains(".step")) {
      assertTrue(differ, name + ": the replicas should differ, else the test proves nothing");
    }
  }

  @Test
  void layoutIsDeterministicAndDocumentedOrder() throws Exception {
    TrainStep fresh = trained(7, 1, 0);
    TrainStep stepped = trained(8, 2, 2);
    FlatLayout l1 = ParameterVector.layout(fresh.model(), fresh.optimizer());
    FlatLayout l2 = ParameterVector.layout(stepped.model(), stepped.optimizer());
    assertEquals(l1, l2, "same definition, other seed, before/after optimizer state exists");
    assertEquals(l1.describe(), l2.describe());
    // parameters first (state-dict order), then buffers, then optimizer state
    FlatEntry first = l1.entries().get(0);
    assertEquals("conv_fc.0.weight", first.name());
    assertEquals(FlatKind.PARAMETER, first.kind());
    assertArrayEquals(new int[] {2, 1, 3, 3}, first.shape());
    assertEquals(0, first.offset());
    assertEquals(18, l1.entries().get(1).offset());
    FlatEntry nbt = l1.entry("conv_fc.1.num_batches_tracked");
    assertEquals(FlatKind.COUNTER, nbt.kind());
    assertEquals(0, nbt.offset());
    int params = (int) fresh.model().parameterCount();
    assertEquals(params, l1.entries(FlatKind.BUFFER).get(0).offset());
    assertEquals(FlatKind.OPTIMIZER_BUFFER, l1.entry("optimizer.conv_fc.0.weight.exp_avg").kind());
    assertEquals(FlatKind.OPTIMIZER_STEP, l1.entry("optimizer.conv_fc.0.weight.step").kind());
    int buffers = l1.entries(FlatKind.BUFFER).stream().mapToInt(FlatEntry::length).sum();
    assertEquals(3 * params + buffers, l1.floatCount(), "params + buffers + two Adam moments");
    assertEquals(l1.entries(FlatKind.COUNTER).size() + fresh.optimizer().params().size(), l1.counterCount());
    // the layout is data: it survives Java serialisation
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bo)) {
      o.writeObject(l1);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bo.toByteArray()))) {
      assertEquals(l1, in.readObject());
    }
    // another definition does not fit
    TrainStep wider = new TrainStep(CFG.toBuilder().channels(3).build().createModel(), fresh.loss(),
        fresh.encoder(), null);
    ParameterVector v = ParameterVector.of(fresh.model());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.copyTo(wider.model()));
    assertTrue(e.getMessage().contains("conv_fc.0.weight"), e.getMessage());
  }

  @Test
  void numBatchesTrackedIsARealCounterBuffer() throws Exception {
    BatchNorm bn = BatchNorm.bn1d(3);
    assertTrue(bn.namedBuffers().containsKey("num_batches_tracked"));
    assertTrue(bn.isCounter("num_batches_tracked"));
    bn.forward(Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 7}, 2, 3));
    bn.forward(Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 7}, 2, 3));
    assertEquals(2, bn.numBatchesTracked());
    SafeTensors st = bn.stateDict();
    assertEquals(StDType.I64, st.get("num_batches_tracked").dtype());
    assertEquals(0, st.get("num_batches_tracked").shape().length, "PyTorch saves a 0-dim int64");
    assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(st.entries().keySet()));
    BatchNorm other = BatchNorm.bn1d(3);
    other.loadStateDict(SafeTensors.read(st.toBytes()), true);
    assertEquals(2, other.numBatchesTracked());
    other.to(DType.FLOAT64);
    assertEquals(2, other.numBatchesTracked(), "to() leaves counters alone");
    assertEquals(StDType.I64, other.stateDict().get("num_batches_tracked").dtype());
    // a count beyond float32's exact range survives flatten / unflatten
    long big = (1L << 40) + 3;
    ParameterVector v = ParameterVector.of(bn);
    v.counters()[v.layout().entry("num_batches_tracked").offset()] = big;
    v.copyTo(bn);
    assertEquals(big, bn.numBatchesTracked());
    assertEquals(big, ParameterVector.of(bn).counter("num_batches_tracked"));
  }

  @Test
  void zeroStepCountDropsOptimizerState() {
    Tensor w = Tensor.fromArray(new float[] {1, 2}, 2).requiresGrad(true);
    Module m = new Module() {
      {
        registerParameter("w", w);
      }

      @Override
      protected Tensor doForward(Tensor x) {
        return x;
      }
    };
    Optimizer sgd = new Sgd(m.namedParameters(), 0.1, 0.9, 0.5, 0, false);
    ParameterVector empty = ParameterVector.of(m, sgd);
    w.setGrad(Tensor.fromArray(new float[] {1, 1}, 2));
    sgd.step();
    assertEquals(1, sgd.state().get("w").step());
    empty.copyTo(m, sgd);
    assertNull(sgd.state().get("w"), "step 0 means no state, as in a fresh optimizer");
    assertArrayEquals(new float[] {1, 2}, w.toFloatArray());
  }

  /**
   * A replica on the sealed backend (the host reads its tensors only through download) flattens to the CPU
   * replica's vector, takes a vector back in place (parameters, running statistics, BatchNorm's counter, Adam's
   * moments and steps) and then trains on exactly like the CPU replica loaded with the same vector.
   */
  @Test
  void aReplicaOnADeviceBackendFlattensAndLoadsLikeOnTheCpu() {
    SealedBackend sealed = new SealedBackend();
    TrainStep cpu = trained(1, 10, 2);
    Module dm = CFG.toBuilder().seed(1).build().createModel().to(sealed);
    TrainStep dev = CFG.createStep(dm);
    Rng rng = new Rng(10);
    for (int i = 0; i < 2; i++) {
      Batch b = batch(rng);
      dev.step(new Batch(b.inputs().to(sealed), b.labels()), new StepSeeds(i, i));
    }
    ParameterVector vc = ParameterVector.of(cpu.model(), cpu.optimizer());
    sealed.resetCounts();
    ParameterVector vd = ParameterVector.of(dev.model(), dev.optimizer());
    assertTrue(sealed.downloads() > 0 && sealed.uploads() == 0, "read through downloads only");
    assertArrayEquals(vc.floats(), vd.floats());
    assertArrayEquals(vc.counters(), vd.counters());

    // another replica's state written into the device replica in place
    TrainStep other = trained(2, 20, 3);
    ParameterVector vo = ParameterVector.of(other.model(), other.optimizer());
    Tensor w0 = dev.model().parameters().get(0);
    vo.copyTo(dev.model(), dev.optimizer());
    assertTrue(w0 == dev.model().parameters().get(0) && w0.backend() == sealed, "written in place, on the device");
    ParameterVector back = ParameterVector.of(dev.model(), dev.optimizer());
    assertArrayEquals(vo.floats(), back.floats());
    assertArrayEquals(vo.counters(), back.counters());
    Rng r1 = new Rng(99);
    Rng r2 = new Rng(99);
    other.step(batch(r1), new StepSeeds(5, 5));
    Batch b2 = batch(r2);
    dev.step(new Batch(b2.inputs().to(sealed), b2.labels()), new StepSeeds(5, 5));
    assertArrayEquals(ParameterVector.of(other.model(), other.optimizer()).floats(),
        ParameterVector.of(dev.model(), dev.optimizer()).floats());
  }
}
