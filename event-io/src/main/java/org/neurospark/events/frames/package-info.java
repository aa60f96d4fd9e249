/**
 * SpikingJelly frame integration with its exact semantics: index math ({@link org.neurospark.events.frames.FrameIndex}),
 * float32 {@code [T, 2, H, W]} frames ({@link org.neurospark.events.frames.Frames}), in-memory
 * ({@link org.neurospark.events.frames.FrameIntegrator}) and file/streaming
 * ({@link org.neurospark.events.frames.FileFrames}) drivers, pluggable per-segment integrators, and PNG/GIF rendering.
 */
package org.neurospark.events.frames;
