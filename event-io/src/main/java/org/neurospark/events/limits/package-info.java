/**
 * Resource limits: checks that an allocation or an output whose size comes from a file or a flag fits the heap
 * ({@link java.lang.Runtime#maxMemory()}) and the caps a command sets, before anything is allocated or written, so
 * that a hostile file or flag gives a clear error instead of an {@link java.lang.OutOfMemoryError} or unbounded output.
 */
package org.neurospark.events.limits;
