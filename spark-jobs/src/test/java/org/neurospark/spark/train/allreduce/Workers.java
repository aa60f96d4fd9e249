package org.neurospark.spark.train.allreduce;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test harness: N ring members on threads, on 127.0.0.1 only; every socket is closed when a run returns. */
final class Workers {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Workers() {
  }

  /** What one worker does with its ring. */
  @FunctionalInterface
  interface Body<T> {
    T run(RingAllReduce ring) throws Exception;
  }

  /** A worker's result or failure, and how long after the start of the run it finished. */
  record Outcome<T>(T value, Throwable error, long millis) {
    T get() {
      if (error != null) {
        throw new AssertionError("worker failed: " + error, error);
      }
      return value;
    }
  }

  /** Listening channels on 127.0.0.1 and their published addresses. */
  record Listeners(List<ServerSocketChannel> servers, List<String> addresses) implements AutoCloseable {
    static Listeners open(int n) throws IOException {
      List<ServerSocketChannel> servers = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          ServerSocketChannel s = RingAllReduce.listen(LOOPBACK);
          servers.add(s);
          addresses.add(RingAllReduce.addressOf(s));
        }
      } catch (IOException | RuntimeException e) {
        for (ServerSocketChannel s : servers) {
          s.close();
        }
        throw e;
      }
      return new Listeners(servers, addresses);
    }

    @Override
    public void close() throws IOException {
      for (ServerSocketChannel s : servers) {
        s.close(); // idempotent: the rings normally closed them already
      }
    }
  }

  /** Runs {@code body} on every rank (ring built on the worker's thread) and returns each outcome. */
  static <T> List<Outcome<T>> run(int n, Duration connect, Duration io, Body<T> body) throws Exception {
    List<Body<T>> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(body);
    }
    return run(bodies, connect, io);
  }

  /** Runs {@code bodies.get(r)} on rank r; a {@code null} body is a rank that never builds its ring. */
  static <T> List<Outcome<T>> run(List<Body<T>> bodies, Duration connect, Duration io) throws Exception {
    try (Listeners l = Listeners.open(bodies.size())) {
      return run(l, bodies, connect, io);
    }
  }

  /** As {@link #run(List, Duration, Duration)} on given listeners (a test may drive a {@code null} rank itself). */
  static <T> List<Outcome<T>> run(Listeners l, List<Body<T>> bodies, Duration connect, Duration io)
      throws Exception {
    return run(l, bodies, connect, io, RingAllReduce.DEFAULT_SLICE_ELEMENTS, RingAllReduce.VECTOR_API);
  }

  /** As {@link #run(int, Duration, Duration, Body)} with rings that use slices of {@code slice} elements. */
  static <T> List<Outcome<T>> run(int n, Duration connect, Duration io, int slice, Body<T> body) throws Exception {
    return run(n, connect, io, slice, RingAllReduce.VECTOR_API, body);
  }

  /** As {@link #run(int, Duration, Duration, int, Body)}, choosing the rings' arithmetic (Vector API or loops). */
  static <T> List<Outcome<T>> run(int n, Duration connect, Duration io, int slice, boolean vectorApi, Body<T> body)
      throws Exception {
    List<Body<T>> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(body);
    }
    try (Listeners l = Listeners.open(n)) {
      return run(l, bodies, connect, io, slice, vectorApi);
    }
  }

  private static <T> List<Outcome<T>> run(Listeners l, List<Body<T>> bodies, Duration connect, Duration io,
      int slice, boolean vectorApi) throws Exception {
    int n = bodies.size();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      long start = System.nanoTime();
      List<Future<Outcome<T>>> futures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        Body<T> body = bodies.get(r);
        if (body == null) {
          futures.add(null);
          continue;
        }
        futures.add(pool.submit(() -> {
          try (RingAllReduce ring = new RingAllReduce(rank, l.addresses(), l.servers().get(rank), connect, io,
              slice, vectorApi)) {
            T v = body.run(ring);
            return new Outcome<>(v, null, (System.nanoTime() - start) / 1_000_000);
          } catch (Throwable t) {
            return new Outcome<>(null, t, (System.nanoTime() - start) / 1_000_000);
          }
        }));
      }
      List<Outcome<T>> out = new ArrayList<>();
      for (Future<Outcome<T>> f : futures) {
        out.add(f == null ? null : await(f));
      }
      return out;
    } finally {
      pool.shutdownNow();
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new AssertionError("worker threads did not stop");
      }
    }
  }

  private static <T> Outcome<T> await(Future<Outcome<T>> f) throws InterruptedException, ExecutionException {
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("a worker hung for 120 s", e);
    }
  }
}
