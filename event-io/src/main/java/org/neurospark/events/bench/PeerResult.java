package org.neurospark.events.bench;

/**
 * A {@link PeerCommand} measured in the same run as Neurospark's decoding of the same stream.
 *
 * @param command the peer's command template
 * @param events events the peer reported per run (0 for a peer that only reads bytes)
 * @param seconds median of the peer's reported seconds over the timed runs
 * @param eventsPerS {@code events / seconds}
 * @param mbPerS the stream's bytes per run / {@code seconds} / 10^6
 * @param ratio Neurospark / peer: decode events/s over the peer's events/s, or, for a peer reporting 0 events, the
 *     plain-read baseline's MB/s over the peer's MB/s (above 1: Neurospark is faster)
 * @param error why the peer could not be measured (then the numbers are 0), else null
 */
public record PeerResult(String command, long events, double seconds, double eventsPerS, double mbPerS, double ratio,
    String error) {

  /** True when the peer was measured. */
  public boolean ok() {
    return error == null;
  }

  /** True when the peer reported 0 events, i.e. it is a read baseline compared in MB/s. */
  public boolean readOnly() {
    return ok() && events == 0;
  }
}
