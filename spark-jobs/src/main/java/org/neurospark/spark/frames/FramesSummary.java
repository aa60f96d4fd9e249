package org.neurospark.spark.frames;

import java.util.Locale;

/**
 * What a frames run wrote.
 *
 * @param samples samples (rows) written
 * @param frames frames written, summed over samples (Σ T)
 * @param events events integrated
 * @param bytes bytes of frame data (the {@code frames} column, or {@code indices} + {@code counts} when sparse)
 * @param seconds wall time
 * @param phases where the wall time went (not in {@link #toJson()})
 */
public record FramesSummary(long samples, long frames, long events, long bytes, double seconds, FramesPhases phases) {
  /** One-line JSON ({@code frames --json}). */
  public String toJson() {
    return String.format(Locale.ROOT, "{\"samples\":%d,\"frames\":%d,\"events\":%d,\"bytes\":%d,\"seconds\":%.3f}",
        samples, frames, events, bytes, seconds);
  }

  /** Human-readable summary. */
  public String toText() {
    return String.format(Locale.ROOT, "frames: %d samples, %d frames from %d events (%d bytes) in %.1f s", samples,
        frames, events, bytes, seconds);
  }
}
