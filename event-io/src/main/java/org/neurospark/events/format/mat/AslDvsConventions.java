package org.neurospark.events.format.mat;

import org.neurospark.events.ReadOptions;

/**
 * Named reading conventions for ASL-DVS {@code .mat} files (EVENT-FORMATS.md §8). {@link MatEventReader} with
 * {@link ReadOptions#DEFAULT} yields {@code x}, {@code y}, {@code pol} exactly as stored; the libraries mirror axes
 * of the 240 × 180 DAVIS240C sensor:
 * <ul>
 *   <li>tonic ({@code asl_dvs.py}): {@code y' = 179 − y} — {@link #TONIC};</li>
 *   <li>SpikingJelly (since 2022-12-07, rotation fix): {@code x' = 239 − x}, {@code y' = 179 − y} —
 *       {@link #SPIKINGJELLY} (what the {@code asldvs} dataset catalog uses).</li>
 * </ul>
 */
public final class AslDvsConventions {
  private AslDvsConventions() {}

  /** tonic's ASL-DVS events: rows mirrored ({@code y' = 179 − y}), timestamps as stored (µs). */
  public static final ReadOptions TONIC = ReadOptions.DEFAULT.withFlipY(true);

  /** SpikingJelly's ASL-DVS events: both axes mirrored ({@code x' = 239 − x}, {@code y' = 179 − y}). */
  public static final ReadOptions SPIKINGJELLY = ReadOptions.DEFAULT.withFlipX(true).withFlipY(true);
}
