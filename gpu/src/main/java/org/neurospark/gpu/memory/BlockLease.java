package org.neurospark.gpu.memory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One block handed out by a {@link CachingAllocator} and the single release it may get: explicitly, at once
 * ({@link #release()}, from the thread that drives the device: a storage's {@code release()}), or from a
 * {@link java.lang.ref.Cleaner} when its owner became unreachable ({@link #run()}: queued with
 * {@link CachingAllocator#releaseLater}). Whichever comes first gives the block back; the other does nothing, so
 * a block that was released and handed out again is never freed a second time from under its new owner.
 */
public final class BlockLease implements Runnable {
  private final CachingAllocator allocator;
  private final DeviceBlock block;
  private final AtomicBoolean done = new AtomicBoolean();

  /** The lease of {@code block}, which {@code allocator} handed out. */
  public BlockLease(CachingAllocator allocator, DeviceBlock block) {
    this.allocator = allocator;
    this.block = block;
  }

  /** The leased block. */
  public DeviceBlock block() {
    return block;
  }

  /** True once the block was given back (or queued to be) by {@link #release()} or {@link #run()}. */
  public boolean isReleased() {
    return done.get();
  }

  /** Gives the block back to the allocator now (owning thread only); later calls and the cleaner do nothing. */
  public void release() {
    if (done.compareAndSet(false, true)) {
      allocator.release(block);
    }
  }

  /** The cleaner's action: queues the block for release unless it was released already. */
  @Override
  public void run() {
    if (done.compareAndSet(false, true)) {
      allocator.releaseLater(block);
    }
  }
}
