package org.neurospark.events.simulate;

import java.util.Map;
import org.neurospark.events.dataset.Split;

/**
 * What {@link NmnistSimulator#run} wrote.
 *
 * @param outDir the output root
 * @param samples recordings written per split
 * @param perLabel recordings written per split and label ({@code [label] → count})
 * @param events events written, all recordings
 * @param minEvents fewest events in one recording
 * @param maxEvents most events in one recording
 * @param onEvents events with p = 1
 * @param bytes bytes written, all recordings
 * @param seconds wall time of the run, s
 */
public record SimulationSummary(java.nio.file.Path outDir, Map<Split, Integer> samples,
    Map<Split, long[]> perLabel, long events, long minEvents, long maxEvents, long onEvents, long bytes,
    double seconds) {

  /** Recordings written, all splits. */
  public long totalSamples() {
    long n = 0;
    for (int v : samples.values()) {
      n += v;
    }
    return n;
  }

  /** Mean events per recording (0 when none). */
  public double meanEvents() {
    long n = totalSamples();
    return n == 0 ? 0 : (double) events / n;
  }

  /** Fraction of events with p = 1. */
  public double onFraction() {
    return events == 0 ? 0 : (double) onEvents / events;
  }

  /** Recordings per second of wall time. */
  public double samplesPerSecond() {
    return seconds > 0 ? totalSamples() / seconds : 0;
  }
}
