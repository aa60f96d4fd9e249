package org.neurospark.gpu.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Cleaner;
import org.junit.jupiter.api.Test;

/**
 * The release path of a CUDA storage ({@code CudaBackend.CudaStorage.releaseMemory} → {@link BlockLease}) on the
 * allocator over a fake raw device: an explicit release reaches the allocator at once, and the cleaner that fires
 * later (for the same storage) does not give the block back again, even after it was handed to a new owner.
 */
class BlockLeaseTest {
  private static final long STREAM = 7;

  @Test
  void explicitReleaseReachesTheAllocatorAtOnceAndTheCleanerDoesNotFreeTwice() {
    CachingAllocatorTest.FakeDevice dev = new CachingAllocatorTest.FakeDevice(1 << 20);
    try (CachingAllocator a = new CachingAllocator(dev)) {
      DeviceBlock b = a.allocate(1000, STREAM);
      BlockLease first = new BlockLease(a, b);
      Cleaner cleaner = Cleaner.create();
      Object storage = new Object();
      Cleaner.Cleanable cleanable = cleaner.register(storage, first);
      assertEquals(1024, a.stats().inUseBytes());

      first.release(); // Storage.release(): back in the cache now, no allocation needed to drain a queue
      assertTrue(first.isReleased());
      assertFalse(b.inUse());
      assertEquals(0, a.stats().inUseBytes());
      assertEquals(1024, a.stats().cachedBytes());

      DeviceBlock again = a.allocate(1000, STREAM); // a new owner gets the same block from the cache
      assertSame(b, again);
      BlockLease second = new BlockLease(a, again);
      cleanable.clean(); // the first storage's cleaner (deregistration after release, or the GC) comes late
      first.release();
      a.emptyCache(); // drains the deferred queue: nothing may be in it
      assertTrue(again.inUse(), "the new owner's block stays handed out");
      assertEquals(1024, a.stats().inUseBytes());
      assertEquals(1, a.stats().deviceAllocations());

      second.run(); // the second owner was never released: its cleaner queues the block
      assertTrue(again.inUse(), "queued, released on the owning thread's next allocation");
      a.allocate(10, STREAM);
      assertFalse(again.inUse());
      second.release(); // a late explicit release after the cleaner: nothing happens (no "released twice")
      assertEquals(512, a.stats().inUseBytes());
    }
    assertTrue(dev.live.isEmpty(), "close frees everything, each block once");
  }
}
