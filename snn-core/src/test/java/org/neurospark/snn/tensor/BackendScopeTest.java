package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/** The scoped default backend: factories follow the innermost scope of the calling thread only. */
class BackendScopeTest {
  @Test
  void factoriesAndModelsFollowTheInnermostScope() throws Exception {
    SealedBackend a = new SealedBackend();
    SealedBackend b = new SealedBackend();
    assertSame(CpuBackend.INSTANCE, Tensor.zeros(2).backend());
    try (BackendScope sa = BackendScope.enter(a)) {
      assertSame(a, Tensor.zeros(2, 3).backend());
      assertSame(a, Tensor.fromArray(new float[] {1, 2}, 2).backend());
      try (BackendScope sb = BackendScope.enter(b)) {
        assertSame(b, Tensor.ones(DType.FLOAT64, 1).backend());
        AtomicReference<Backend> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(Tensor.zeros(1).backend()));
        t.start();
        t.join();
        assertSame(CpuBackend.INSTANCE, other.get(), "another thread keeps its own default");
      }
      assertSame(a, Tensor.zeros(1).backend());
      Module net = ModelZoo.csnnSmall(3);
      for (Tensor p : net.parameters()) {
        assertSame(a, p.backend(), "a model built in the scope has its parameters on the scope's backend");
      }
      Tensor x = Tensor.zeros(CpuBackend.INSTANCE, DType.FLOAT32, 2);
      assertSame(CpuBackend.INSTANCE, x.add(x).backend(), "operations allocate on their inputs' backend");
    }
    assertSame(CpuBackend.INSTANCE, Tensor.zeros(1).backend());
  }

  @Test
  void scopesCloseInnermostFirstOnTheirOwnThread() throws Exception {
    BackendScope outer = BackendScope.enter(new SealedBackend());
    BackendScope inner = BackendScope.enter(new SealedBackend());
    assertThrows(IllegalStateException.class, outer::close);
    AtomicReference<Throwable> err = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        inner.close();
      } catch (Throwable e) {
        err.set(e);
      }
    });
    t.start();
    t.join();
    assertEquals(IllegalStateException.class, err.get().getClass());
    inner.close();
    inner.close(); // twice: no effect
    outer.close();
    assertSame(CpuBackend.INSTANCE, BackendScope.current());
    assertThrows(IllegalArgumentException.class, () -> BackendScope.enter(null));
  }
}
