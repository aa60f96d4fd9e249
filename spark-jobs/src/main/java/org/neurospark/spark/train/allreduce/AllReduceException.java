package org.neurospark.spark.train.allreduce;

import java.io.IOException;

/**
 * A collective operation of {@link RingAllReduce} failed: a peer timed out, closed its connection, sent bytes that
 * are not the expected frame, or the local socket failed. The message names this worker's rank, the peer's rank and
 * {@code host:port}, the operation and the ring step. After this exception the ring is unusable: it has closed its
 * sockets (so that its neighbours fail fast instead of waiting for their timeout) and must be rebuilt, which in the
 * Spark jobs means restarting the barrier stage.
 */
public final class AllReduceException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Reason {
    /** No byte moved to or from the peer within the timeout (connect timeout or I/O timeout). */
    TIMEOUT,
    /** The peer closed or reset its connection (its process or task died, or it gave up). */
    PEER_CLOSED,
    /** The peer sent something other than the expected frame: garbage, another round, another buffer length. */
    PROTOCOL,
    /** Another I/O error on this worker's own sockets. */
    IO,
    /** The thread was interrupted (for example a Spark task kill). */
    INTERRUPTED
  }

  private final Reason reason;
  private final int peerRank;
  private final String peerAddress;

  AllReduceException(String message, Reason reason, int peerRank, String peerAddress, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.peerRank = peerRank;
    this.peerAddress = peerAddress;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }

  /** The rank of the peer the failure concerns, or {@code -1} when it concerns no single peer. */
  public int peerRank() {
    return peerRank;
  }

  /** The {@code host:port} of the peer the failure concerns, or {@code null} when it concerns no single peer. */
  public String peerAddress() {
    return peerAddress;
  }
}
