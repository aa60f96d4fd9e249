package org.neurospark.gpu.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allocator's bookkeeping against a fake raw device that records every call and enforces a capacity. */
class CachingAllocatorTest {
  /** A fake device: addresses from a counter, a byte budget, events completed on demand. */
  static final class FakeDevice implements RawDeviceMemory {
    final long capacity;
    long used;
    long nextAddress = 0x1000;
    final Map<Long, Long> live = new HashMap<>();
    final Set<Long> pendingEvents = new HashSet<>();
    final Set<Long> liveEvents = new HashSet<>();
    final List<String> log = new ArrayList<>();
    long nextEvent = 1;
    boolean eventsComplete = true;

    FakeDevice(long capacity) {
      this.capacity = capacity;
    }

    @Override
    public long allocate(long bytes) {
      if (used + bytes > capacity) {
        log.add("oom " + bytes);
        return 0;
      }
      long a = nextAddress;
      nextAddress += bytes;
      live.put(a, bytes);
      used += bytes;
      log.add("alloc " + bytes);
      return a;
    }

    @Override
    public void free(long address) {
      Long b = live.remove(address);
      if (b == null) {
        throw new AssertionError("double or foreign free of " + address);
      }
      used -= b;
      log.add("free " + b);
    }

    @Override
    public long recordEvent(long stream) {
      long e = nextEvent++;
      liveEvents.add(e);
      if (!eventsComplete) {
        pendingEvents.add(e);
      }
      return e;
    }

    @Override
    public boolean eventCompleted(long event) {
      assertTrue(liveEvents.contains(event), "query of a destroyed event");
      return !pendingEvents.contains(event);
    }

    @Override
    public void destroyEvent(long event) {
      assertTrue(liveEvents.remove(event), "destroy of an unknown event");
      pendingEvents.remove(event);
    }
  }

  @Test
  void sizeClassesArePowersOfTwoThenTwoMebibyteMultiples() {
    assertEquals(512, CachingAllocator.sizeClass(0));
    assertEquals(512, CachingAllocator.sizeClass(1));
    assertEquals(512, CachingAllocator.sizeClass(512));
    assertEquals(1024, CachingAllocator.sizeClass(513));
    assertEquals(1L << 20, CachingAllocator.sizeClass((1L << 20) - 1));
    assertEquals(1L << 20, CachingAllocator.sizeClass(1L << 20));
    assertEquals(2L << 20, CachingAllocator.sizeClass((1L << 20) + 1));
    assertEquals(4L << 20, CachingAllocator.sizeClass((2L << 20) + 1));
    assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(-1));
  }

  @Test
  void releasedBlockIsReusedOnTheSameStreamWithoutTouchingTheDevice() {
    FakeDevice dev = new FakeDevice(1 << 30);
    try (CachingAllocator a = new CachingAllocator(dev)) {
      DeviceBlock b1 = a.allocate(1000, 1);
      assertEquals(1024, b1.capacityBytes());
      a.release(b1);
      int calls = dev.log.size();
      DeviceBlock b2 = a.allocate(700, 1); // same size class 1024
      assertEquals(b1.address(), b2.address());
      assertEquals(calls, dev.log.size(), "no device allocation for a cache hit");
      AllocatorStats s = a.stats();
      assertEquals(2, s.allocations());
      assertEquals(1, s.cacheHits());
      assertEquals(1, s.deviceAllocations());
      assertEquals(1024, s.inUseBytes());
      assertEquals(700, s.requestedBytes());
      assertEquals(0, s.cachedBytes());
    }
    assertEquals(0, dev.used, "close frees everything");
    assertTrue(dev.liveEvents.isEmpty(), "close destroys every event");
  }

  @Test
  void otherStreamWaitsForTheReleaseEvent() {
    FakeDevice dev = new FakeDevice(1 << 30);
    try (CachingAllocator a = new CachingAllocator(dev)) {
      dev.eventsComplete = false;
      DeviceBlock b1 = a.allocate(4096, 1);
      a.release(b1);
      DeviceBlock b2 = a.allocate(4096, 2);
      assertNotEquals(b1.address(), b2.address(), "event pending: stream 2 must not get stream 1's block");
      a.release(b2);
      dev.pendingEvents.clear(); // the device catches up
      DeviceBlock b3 = a.allocate(4096, 3);
      assertTrue(b3.address() == b1.address() || b3.address() == b2.address());
      assertEquals(3, b3.stream());
      assertEquals(1, a.stats().cacheHits());
    }
  }

  @Test
  void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
    FakeDevice dev = new FakeDevice(3 * 1024);
    try (CachingAllocator a = new CachingAllocator(dev)) {
      DeviceBlock small = a.allocate(1024, 1);
      DeviceBlock other = a.allocate(1024, 1);
      a.release(small);
      a.release(other);
      assertEquals(2048, a.stats().cachedBytes());
      DeviceBlock big = a.allocate(2048, 1); // class 2048 not cached, device has 1024 left: retry after emptying
      assertEquals(2048, big.capacityBytes());
      assertEquals(1, a.stats().oomRetries());
      assertEquals(0, a.stats().cachedBytes());
      assertEquals(2, a.stats().deviceFrees());
      DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> a.allocate(4096, 1));
      assertTrue(e.getMessage().contains("4096"), e.getMessage());
      assertEquals(2048, a.stats().peakReservedBytes());
    }
  }

  @Test
  void emptyCacheKeepsBlocksStillInFlight() {
    FakeDevice dev = new FakeDevice(1 << 30);
    try (CachingAllocator a = new CachingAllocator(dev)) {
      dev.eventsComplete = false;
      a.release(a.allocate(100, 1));
      assertEquals(0, a.emptyCache());
      assertEquals(512, a.stats().cachedBytes());
      dev.pendingEvents.clear();
      assertEquals(512, a.emptyCache());
      assertEquals(0, a.stats().reservedBytes());
      assertEquals(0, dev.used);
    }
  }

  @Test
  void deferredReleaseFromAnotherThreadIsAppliedByTheNextAllocation() throws Exception {
    FakeDevice dev = new FakeDevice(1 << 30);
    try (CachingAllocator a = new CachingAllocator(dev)) {
      DeviceBlock b = a.allocate(600, 1);
      Thread t = new Thread(() -> a.releaseLater(b));
      t.start();
      t.join();
      assertEquals(1024, a.stats().inUseBytes(), "not applied until the owner thread allocates");
      DeviceBlock c = a.allocate(600, 1);
      assertEquals(b.address(), c.address());
      assertEquals(1, a.stats().cacheHits());
    }
  }

  @Test
  void misuseIsRefused() {
    FakeDevice dev = new FakeDevice(1 << 30);
    CachingAllocator a = new CachingAllocator(dev);
    DeviceBlock b = a.allocate(10, 1);
    a.release(b);
    assertThrows(IllegalStateException.class, () -> a.release(b));
    CachingAllocator other = new CachingAllocator(new FakeDevice(1 << 20));
    DeviceBlock foreign = other.allocate(10, 1);
    assertThrows(IllegalArgumentException.class, () -> a.release(foreign));
    a.close();
    a.close();
    assertThrows(IllegalStateException.class, () -> a.allocate(10, 1));
    other.close();
  }
}
