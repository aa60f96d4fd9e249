package org.neurospark.snn.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurospark.snn.tensor.DType;
import org.neurospark.snn.tensor.Storage;
import org.neurospark.snn.tensor.Tensor;

/** A context hands released float arrays out again: as they are for {@code empty}, zero-filled for {@code zeros}. */
class ArrayRecyclerTest {
  static final int N = ArrayRecycler.MIN_LENGTH + 3;

  @Test
  void releasedArraysComeBackForTheSameLength() {
    try (CpuContext cpu = CpuContext.open(CpuConfig.ofThreads(1).withRecycleBytes(16L << 20));
        CpuContext.Scope in = cpu.enter()) {
      Tensor a = Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N);
      assertFalse(a.storage().gcManaged(), "a recycled array's storage is released by its owner");
      float[] arr = a.floatData();
      arr[5] = 42f;
      a.storage().release();
      assertEquals(4L * N, cpu.recycledBytes());
      Tensor b = Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N);
      assertSame(arr, b.floatData());
      assertEquals(42f, b.floatData()[5], "empty hands the array out as its last user left it");
      assertEquals(1, cpu.recycledArrays());
      b.storage().release();
      Tensor z = Tensor.zeros(CpuBackend.INSTANCE, DType.FLOAT32, N);
      assertSame(arr, z.floatData());
      for (float v : z.floatData()) {
        assertEquals(0f, v);
      }
      // another length, a small array, another dtype: not from the recycler
      z.storage().release();
      assertNotSame(arr, Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N + 1).floatData());
      Tensor small = Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, 100);
      assertTrue(small.storage().gcManaged());
      assertTrue(Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT64, N).storage().gcManaged());
      assertThrows(IllegalStateException.class, () -> a.floatData(), "a released storage stays unusable");
    }
  }

  @Test
  void capacityOffSwitchAndOutsideAContext() {
    try (CpuContext cpu = CpuContext.open(CpuConfig.ofThreads(1).withRecycleBytes(4L * N + 4));
        CpuContext.Scope in = cpu.enter()) {
      Storage s1 = Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N).storage();
      Storage s2 = Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N).storage();
      s1.release();
      s2.release(); // over the capacity: dropped
      assertEquals(4L * N, cpu.recycledBytes());
    }
    try (CpuContext cpu = CpuContext.open(CpuConfig.ofThreads(1).withRecycleBytes(0));
        CpuContext.Scope in = cpu.enter()) {
      assertTrue(Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N).storage().gcManaged());
      assertEquals(0, cpu.recycledBytes());
    }
    assertTrue(Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N).storage().gcManaged(), "outside any context");
    assertThrows(IllegalArgumentException.class, () -> CpuConfig.ofThreads(1).withRecycleBytes(-2));
    assertEquals(CpuConfig.RECYCLE_QUARTER_HEAP, CpuConfig.ofThreads(2).recycleBytes());
  }

  @Test
  void closingTheContextDropsWhatItKept() {
    CpuContext cpu = CpuContext.open(CpuConfig.ofThreads(2));
    try (CpuContext.Scope in = cpu.enter()) {
      Tensor.empty(CpuBackend.INSTANCE, DType.FLOAT32, N).storage().release();
      assertEquals(4L * N, cpu.recycledBytes());
    }
    cpu.close();
    assertEquals(0, cpu.recycledBytes());
  }
}
