package org.neurospark.events.bench;

import java.util.List;

/**
 * Throughput of one recording.
 *
 * @param file the source recording
 * @param format format id
 * @param events events decoded per measured run
 * @param bytes bytes read per measured run
 * @param decodeEventsPerS decoded events per second (median of the timed runs)
 * @param decodeMbPerS decoded bytes per second / 10^6
 * @param baselineMbPerS plain sequential read of the same bytes through the same I/O path, bytes/s / 10^6
 * @param framesEventsPerS events per second for decode + split-by-number frame counting
 * @param decodeCpuEventsPerS decoded events per second of the benchmark thread's CPU time (less sensitive to other
 *     processes competing for the cores than the wall-clock figure)
 * @param baselineCpuMbPerS the plain read's bytes per second of the benchmark thread's CPU time (user + system) /
 *     10^6
 * @param repeated whether the data section was repeated in a scratch stream (else whole-file re-reads)
 * @param runs timed runs per measurement
 * @param frames T of the frame integration
 * @param peers external decoders timed on the same stream in the same run ({@link PeerCommand}), in the order given
 */
public record BenchResult(String file, String format, long events, long bytes, double decodeEventsPerS,
    double decodeMbPerS, double baselineMbPerS, double framesEventsPerS, double decodeCpuEventsPerS,
    double baselineCpuMbPerS, boolean repeated, int runs, int frames, List<PeerResult> peers) {

  public BenchResult {
    peers = List.copyOf(peers);
  }

  /** A result without peers. */
  public BenchResult(String file, String format, long events, long bytes, double decodeEventsPerS,
      double decodeMbPerS, double baselineMbPerS, double framesEventsPerS, double decodeCpuEventsPerS,
      double baselineCpuMbPerS, boolean repeated, int runs, int frames) {
    this(file, format, events, bytes, decodeEventsPerS, decodeMbPerS, baselineMbPerS, framesEventsPerS,
        decodeCpuEventsPerS, baselineCpuMbPerS, repeated, runs, frames, List.of());
  }

  /** Decode throughput relative to the plain read (1.0 = decoding is as fast as reading the bytes). */
  public double ratioToBaseline() {
    return baselineMbPerS > 0 ? decodeMbPerS / baselineMbPerS : 0;
  }
}
