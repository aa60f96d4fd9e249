package org.neurospark.snn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;

/** {@link Storage#release()}: idempotent, counted by the sealed backend, and a released storage is refused. */
class StorageReleaseTest {

  private static void refused(String op, Executable e) {
    IllegalStateException x = assertThrows(IllegalStateException.class, e);
    assertTrue(x.getMessage().startsWith(op + ": storage was released"), x.getMessage());
  }

  @Test
  void cpuStorageDropsItsArrayAndRefusesKernelsViewsAndTransfers() {
    Tensor a = Tensor.fromArray(CpuBackend.INSTANCE, new float[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.fromArray(CpuBackend.INSTANCE, new float[] {1, 1, 1, 1}, 2, 2);
    Tensor view = a.transpose(0, 1);
    a.storage().release();
    a.storage().release(); // idempotent
    assertTrue(a.storage().isReleased());
    assertTrue(view.storage().isReleased(), "views share the storage");
    refused("CpuBackend.binary", () -> b.add(a));
    refused("CpuBackend.binary", () -> view.add(b));
    refused("View.forward", () -> b.matmul(a)); // matmul views its operands first
    refused("CpuBackend.download", a::toFloatArray);
    refused("Tensor.copy_", () -> b.copy_(a));
    refused("Tensor.floatData", a::floatData);
    refused("Tensor.get", () -> a.get(1, 1));
    refused("View.forward", () -> a.view(4));
    refused("Tensor.detach", a::detach);
    assertEquals(2.0, b.add(b).get(0, 0), "other storages unaffected");
  }

  @Test
  void sealedBackendCountsLiveStoragesAndRefusesReleasedOnes() {
    SealedBackend s = new SealedBackend();
    assertEquals(0, s.liveStorages());
    Tensor a = Tensor.fromArray(s, new float[] {1, 2, 3}, 3);
    Tensor b = Tensor.zeros(s, DType.FLOAT64, 4);
    assertEquals(2, s.liveStorages());
    assertEquals(3 * 4 + 4 * 8, s.liveBytes());
    Tensor c = a.mul(a);
    assertEquals(3, s.liveStorages());
    c.storage().release();
    c.storage().release();
    assertEquals(2, s.liveStorages(), "released once");
    assertEquals(3 * 4 + 4 * 8, s.liveBytes());
    refused("SealedBackend.binary", () -> c.add(a));
    refused("SealedBackend.download", c::toFloatArray);
    refused("SealedBackend.unary", () -> c.exp());
    refused("SealedBackend.fill", () -> c.fill_(1));
    refused("View.forward", () -> c.reshape(1, 3));
    long live = s.liveStorages(); // + outputs the refused ops allocated before their kernel failed
    s.resetCounts();
    assertEquals(live, s.liveStorages(), "resetCounts leaves the live counts");
    b.storage().release();
    assertFalse(a.storage().isReleased());
    assertEquals(live - 1, s.liveStorages());
  }

  @Test
  void storageScopeRecordsAllocationsAndNests() {
    SealedBackend s = new SealedBackend();
    Tensor outside = Tensor.zeros(s, DType.FLOAT32, 2);
    try (StorageScope outer = StorageScope.open()) {
      Tensor cpu = Tensor.zeros(2).add(1); // heap arrays: left to the garbage collector
      assertTrue(cpu.storage().gcManaged());
      Tensor a = Tensor.zeros(s, DType.FLOAT32, 2);
      Tensor v = a.view(1, 2); // a view allocates nothing
      try (StorageScope inner = StorageScope.open()) {
        Tensor b = a.add(1);
        assertEquals(1, inner.recorded().size());
        assertTrue(inner.recorded().get(0) == b.storage());
      }
      assertEquals(2, outer.recorded().size(), "the inner record joins the outer one");
      assertTrue(outer.recorded().get(0) == v.storage());
      assertFalse(outer.recorded().contains(outside.storage()));
    }
    try (StorageScope none = StorageScope.open()) {
      assertTrue(none.recorded().isEmpty());
    }
  }
}
