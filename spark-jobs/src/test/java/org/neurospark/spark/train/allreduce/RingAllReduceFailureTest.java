package org.neurospark.spark.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurospark.spark.train.allreduce.RingAllReduceTest.assertFailure;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Peers that die, hang, never come, send garbage or call the wrong operation: errors, never hangs. */
class RingAllReduceFailureTest {
  static final Duration CONNECT = Duration.ofSeconds(10);
  static final Duration LONG_IO = Duration.ofSeconds(30);

  /** Runs {@code raw} as rank {@code rawRank} on its own thread while the real ranks run {@code body}. */
  static <T> List<Workers.Outcome<T>> withRawPeer(int n, int rawRank, RawBody raw, Workers.Body<T> body,
      Duration connect, Duration io) throws Exception {
    try (Workers.Listeners l = Workers.Listeners.open(n)) {
      CompletableFuture<Void> rawDone = CompletableFuture.runAsync(() -> {
        try (RawPeer p = RawPeer.join(rawRank, l.addresses(), l.servers().get(rawRank))) {
          raw.run(p);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      List<Workers.Body<T>> bodies = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        bodies.add(r == rawRank ? null : body);
      }
      List<Workers.Outcome<T>> out = Workers.run(l, bodies, connect, io);
      rawDone.get(30, TimeUnit.SECONDS);
      return out;
    }
  }

  @FunctionalInterface
  interface RawBody {
    void run(RawPeer p) throws Exception;
  }

  @Test
  void peerDyingInTheMiddleOfAFrameFailsTheOtherAtOnce() throws Exception {
    int length = 1 << 20;
    int chunk0 = RingAllReduce.chunkLength(length, 2, 0);
    int chunk1 = RingAllReduce.chunkLength(length, 2, 1);
    List<Workers.Outcome<Void>> out = withRawPeer(2, 1, p -> {
      // rank 1 takes in rank 0's whole reduce-scatter frame, sends half of its own, and its process dies
      FrameHeader h = RawPeer.readHeader(p.in);
      assertEquals(FrameHeader.KIND_REDUCE_AVG_F32, h.kind());
      ByteBuffer payload = ByteBuffer.allocate(h.count() * Float.BYTES);
      while (payload.hasRemaining()) {
        p.in.read(payload);
      }
      assertEquals(chunk0, h.count());
      p.send(RawPeer.header(new FrameHeader(FrameHeader.KIND_REDUCE_AVG_F32, 0, 0, 1, length, chunk1, 1.0)));
      p.send(ByteBuffer.allocate(chunk1 / 2 * Float.BYTES).order(FrameHeader.ORDER));
    }, ring -> {
      ring.weightedAverage(new float[length], 1.0);
      return null;
    }, CONNECT, LONG_IO);
    assertFailure(out.get(0), AllReduceException.Reason.PEER_CLOSED, 1, "closed the connection while weightedAverage "
        + "round 0 (reduce-scatter step 1 of 1)", "after " + chunk1 / 2 + " of " + chunk1 + " elements");
    assertTrue(out.get(0).millis() < 5000, "took " + out.get(0).millis() + " ms");
  }

  @Test
  void peerClosingWhileTheOthersAreInARoundFailsThemAtOnce() throws Exception {
    int length = 4 << 20;
    List<Workers.Outcome<String>> out = Workers.run(3, CONNECT, LONG_IO, ring -> {
      if (ring.rank() == 2) {
        Thread.sleep(300); // the other two are in the round by now; then this worker's task dies
        ring.close();
        return "closed";
      }
      try {
        ring.weightedAverage(new float[length], 1.0);
        return "finished?";
      } catch (AllReduceException e) {
        // the ring closed itself and refuses further use
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> ring.allReduceSum(new double[1]));
        assertTrue(s.getMessage().contains("earlier failure"), s.getMessage());
        throw e;
      }
    });
    assertEquals("closed", out.get(2).get());
    // rank 0 reads EOF from rank 2, rank 1 a reset writing to it; whichever fails first closes its sockets, so the
    // other may instead see its failure: both fail at once, and at least one names rank 2
    boolean named = false;
    for (int r = 0; r < 2; r++) {
      AllReduceException e = assertInstanceOf(AllReduceException.class, out.get(r).error());
      assertEquals(AllReduceException.Reason.PEER_CLOSED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("weightedAverage round 0"), e.getMessage());
      named |= e.peerRank() == 2 && e.getMessage().contains("rank 2 (127.0.0.1:");
    }
    assertTrue(named, "no failure names rank 2");
    for (int r = 0; r < 2; r++) {
      assertTrue(out.get(r).millis() < 5000, "rank " + r + " took " + out.get(r).millis() + " ms");
    }
  }

  @Test
  void garbageFromAPeerIsAProtocolError() throws Exception {
    byte[] junk = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n________"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    List<Workers.Outcome<Void>> out = withRawPeer(2, 1, p -> {
      p.send(ByteBuffer.wrap(junk));
      RawPeer.readHeader(p.in); // wait until rank 0 has started its round, then let it fail on the junk
      Thread.sleep(200);
    }, ring -> {
      ring.weightedAverage(new float[100], 1.0);
      return null;
    }, CONNECT, LONG_IO);
    assertFailure(out.get(0), AllReduceException.Reason.PROTOCOL, 1, "sent garbage", "bad magic",
        "474554202f204854"); // "GET / HT"
  }

  @Test
  void differentOperationsOnDifferentWorkersAreDetected() throws Exception {
    List<Workers.Outcome<Void>> out = Workers.run(2, CONNECT, LONG_IO, ring -> {
      if (ring.rank() == 0) {
        ring.weightedAverage(new float[10], 1.0);
      } else {
        ring.allReduceSum(new double[10]);
      }
      return null;
    });
    assertFailure(out.get(0), AllReduceException.Reason.PROTOCOL, 1, "sent REDUCE_SUM round 0",
        "expected REDUCE_AVG_F32 round 0", "same operations in the same order");
    assertFailure(out.get(1), AllReduceException.Reason.PROTOCOL, 0, "sent REDUCE_AVG_F32 round 0");
  }

  @Test
  void aFrameOfAnotherRoundIsDetected() throws Exception {
    List<Workers.Outcome<Void>> out = withRawPeer(2, 1, p -> {
      // a worker that is one round ahead (it went through a round the other skipped)
      p.send(RawPeer.header(new FrameHeader(FrameHeader.KIND_REDUCE_SUM, 1, 0, 1, 3, 1, 0)));
      p.send(ByteBuffer.allocate(8));
      RawPeer.readHeader(p.in);
      Thread.sleep(200);
    }, ring -> {
      ring.allReduceSum(new double[3]);
      return null;
    }, CONNECT, LONG_IO);
    assertFailure(out.get(0), AllReduceException.Reason.PROTOCOL, 1, "sent REDUCE_SUM round 1 step 0 chunk 1",
        "expected REDUCE_SUM round 0 step 0 chunk 1");
  }

  @Test
  void differentBufferLengthsAreDetected() throws Exception {
    List<Workers.Outcome<Void>> out = Workers.run(2, CONNECT, LONG_IO, ring -> {
      ring.weightedAverage(new float[10 + ring.rank()], 1.0);
      return null;
    });
    assertFailure(out.get(0), AllReduceException.Reason.PROTOCOL, 1, "has a buffer of 11 elements",
        "this worker has 10", "same length");
    assertFailure(out.get(1), AllReduceException.Reason.PROTOCOL, 0, "has a buffer of 10 elements");
  }

  @Test
  void aHungPeerTimesOutWithTheTimeoutInTheMessage() throws Exception {
    List<Workers.Outcome<Void>> out = Workers.run(2, CONNECT, Duration.ofMillis(500), ring -> {
      if (ring.rank() == 1) {
        Thread.sleep(2500); // alive (sockets open) but never joins the round
        return null;
      }
      ring.weightedAverage(new float[1000], 1.0);
      return null;
    });
    assertFailure(out.get(0), AllReduceException.Reason.TIMEOUT, 1, "sent nothing while weightedAverage round 0",
        "within the timeout of 500 ms");
    assertTrue(out.get(0).millis() < 2400, "took " + out.get(0).millis() + " ms");
  }

  @Test
  void aPeerThatNeverConnectsIsAConnectTimeout() throws Exception {
    List<Workers.Body<Void>> bodies = Arrays.asList(ring -> null, ring -> null, null); // rank 2 never builds its ring
    List<Workers.Outcome<Void>> out = Workers.run(bodies, Duration.ofMillis(600), LONG_IO);
    assertFailure(out.get(0), AllReduceException.Reason.TIMEOUT, 2, "did not connect within the timeout of 600 ms");
    // rank 1's TCP connection to rank 2 lands in rank 2's backlog; the handshake then times out
    assertFailure(out.get(1), AllReduceException.Reason.TIMEOUT, 2, "waiting for its ACK");
    for (int r = 0; r < 2; r++) {
      assertTrue(out.get(r).millis() < 5000, "rank " + r + " took " + out.get(r).millis() + " ms");
    }
  }

  @Test
  void nobodyListeningIsAConnectTimeoutAfterRetries() throws Exception {
    String dead;
    try (ServerSocketChannel s = RingAllReduce.listen(Workers.LOOPBACK)) {
      dead = RingAllReduce.addressOf(s);
    }
    ServerSocketChannel mine = RingAllReduce.listen(Workers.LOOPBACK);
    List<String> addresses = List.of(RingAllReduce.addressOf(mine), dead);
    long t0 = System.nanoTime();
    AllReduceException e = assertThrows(AllReduceException.class,
        () -> new RingAllReduce(0, addresses, mine, Duration.ofMillis(400), LONG_IO));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(AllReduceException.Reason.TIMEOUT, e.reason());
    assertEquals(1, e.peerRank());
    assertTrue(e.getMessage().contains("could not be connected to") && e.getMessage().contains(dead)
        && e.getMessage().contains("ConnectException"), e.getMessage());
    assertTrue(ms >= 350 && ms < 3000, ms + " ms");
    assertTrue(!mine.isOpen());
  }

  @Test
  void strayConnectionsAreRejectedAndTheRingStillForms() throws Exception {
    try (Workers.Listeners l = Workers.Listeners.open(2)) {
      // a task of an earlier stage attempt (other address list) and a port scanner reach rank 0 before rank 1 does
      ByteBuffer staleHello = RawPeer.header(new FrameHeader(FrameHeader.KIND_HELLO,
          RingAllReduce.ringId(List.of("127.0.0.1:9", "127.0.0.1:10")), FrameHeader.PROTOCOL_VERSION, 1, 2, 0, 0));
      ByteBuffer scan = ByteBuffer.wrap(new byte[FrameHeader.SIZE]);
      try (SocketChannel a = RawPeer.stray(l.addresses().get(0), staleHello);
          SocketChannel b = RawPeer.stray(l.addresses().get(0), scan)) {
        List<Workers.Outcome<float[]>> out = Workers.run(l, List.of(ring -> {
          Thread.sleep(200); // let the strays be accepted first
          float[] x = {2, 4};
          ring.weightedAverage(x, 1);
          return x;
        }, ring -> {
          float[] x = {4, 8};
          ring.weightedAverage(x, 1);
          return x;
        }), CONNECT, LONG_IO);
        assertArrayEquals(new float[] {3, 6}, out.get(0).get());
        assertArrayEquals(new float[] {3, 6}, out.get(1).get());
        assertEquals(-1, a.read(ByteBuffer.allocate(1)), "the stale task's connection was closed");
      }
    }
  }

  @Test
  void interruptingTheWorkerThreadEndsTheWait() throws Exception {
    AtomicReference<Thread> rank0 = new AtomicReference<>();
    CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
      try {
        while (rank0.get() == null) {
          Thread.sleep(10);
        }
        Thread.sleep(300);
        rank0.get().interrupt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<Workers.Outcome<Void>> out = Workers.run(2, CONNECT, LONG_IO, ring -> {
      if (ring.rank() == 1) {
        Thread.sleep(1500);
        return null;
      }
      rank0.set(Thread.currentThread());
      try {
        ring.weightedAverage(new float[10], 1);
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt flag is kept");
      }
      return null;
    });
    interrupter.get(10, TimeUnit.SECONDS);
    assertFailure(out.get(0), AllReduceException.Reason.INTERRUPTED, -1, "interrupted");
    assertTrue(out.get(0).millis() < 1400, out.get(0).millis() + " ms");
  }

}
