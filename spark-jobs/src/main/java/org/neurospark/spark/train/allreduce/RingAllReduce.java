package org.neurospark.spark.train.allreduce;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Ring all-reduce among the N workers of a data-parallel training job (one instance per worker), over plain TCP
 * sockets, with no coordinator on the data path.
 *
 * <p><b>Setting up.</b> Each worker first calls {@link #listen(InetAddress)} and publishes
 * {@link #addressOf(ServerSocketChannel)} (in Spark: {@code BarrierTaskContext.allGather}, which returns the
 * addresses ordered by partition id, the same list on every worker); then each constructs a {@code RingAllReduce}
 * with its rank (its index in that list), the list and its server channel. Rank r connects to rank r + 1 (mod N) and
 * accepts rank r − 1, and a HELLO/ACK handshake checks ring id (a hash of the address list), protocol version, ring
 * size and ranks. With N = 1 no socket is used and the operations return at once.
 *
 * <p><b>Operations.</b> Every worker must call the same operations, in the same order, with buffers of the same
 * length; a mismatch is detected from the frame headers (round counter, kind, lengths) and reported. The buffer is
 * processed in consecutive slices of {@value #DEFAULT_SLICE_ELEMENTS} elements (the last one shorter; one empty slice
 * for an empty buffer), which bounds the scratch memory whatever the buffer size; each slice goes through a
 * reduce-scatter then an all-gather, N − 1 ring steps each. A slice is cut into N contiguous chunks (the first
 * {@code sliceLength % N} chunks one element longer, so chunks may be empty), and in each step every worker sends one
 * chunk to its right neighbour while receiving one from its left (non-blocking sockets, one thread, so sending and
 * receiving overlap and large buffers cannot deadlock).
 *
 * <p><b>Reduction order (bit-identical results).</b> Chunk c of every slice is reduced along the ring starting at
 * rank c: rank c sends its own contribution, and each following rank c + 1, c + 2, …, c + N − 1 (mod N) adds its
 * contribution to the partial sum it received, in float64: for {@link #weightedAverage},
 * {@code s = ((w_c·x_c + w_{c+1}·x_{c+1}) + …) + w_{c+N−1}·x_{c+N−1}} and {@code W = ((w_c + w_{c+1}) + …) +
 * w_{c+N−1}}, where {@code w·x} is the float64 product of the weight and the float32 element. Rank c − 1 then rounds
 * {@code s / W} once to float32 and the all-gather copies these floats unchanged to every worker, so every worker
 * ends with bit-identical buffers, and the result is within about one float32 ulp of the exact weighted mean (the
 * float64 error is far below float32 resolution). With two workers this equals {@code (float) ((w_0·x_0 + w_1·x_1)
 * / (w_0 + w_1))} on both, whatever the chunk (two-term float64 sums commute).
 *
 * <p><b>Bytes.</b> Rank c does not send {@code w_c·x_c} but its float32 values {@code x_c} (its weight in the frame
 * header); the next rank forms the same float64 product. Only the middle steps (N ≥ 3) carry float64 partial sums,
 * and the last reduce-scatter step writes the finished floats straight into the caller's buffer. A weighted average
 * of L floats therefore sends {@code (L/N)·(4 + 8·(N−2) + 4·(N−1))} bytes per worker each way: {@code 4·L} for two
 * workers (as many as a plain float32 all-reduce), {@code 6.7·L} for three. Memory: received pieces are copied in bulk
 * from the I/O window into a window-sized scratch array before the arithmetic (the first step's float32 values are
 * read straight from the window in one Vector API pass when the JVM has {@code jdk.incubator.vector}, bit-identical
 * to the scalar loops; {@code -Dneurospark.vector=false} turns it off); with N ≥ 3 two float64 arrays of one
 * chunk, at most {@code 16·}{@value #DEFAULT_SLICE_ELEMENTS}{@code /N} bytes, carry the partial sums. All of it is
 * allocated once and kept between calls: a round allocates nothing proportional to the buffer.
 *
 * <p><b>Failures.</b> Every wait is bounded: connecting and the handshake by the connect timeout, and each ring step
 * by the I/O timeout, counted from the last byte that moved (so it must cover the time workers arrive apart, e.g. the
 * spread of their K training steps). A timeout, a closed or reset connection or a malformed frame throws
 * {@link AllReduceException} naming the peer's rank and address; the ring then closes its sockets so that its
 * neighbours fail at once too, and further calls throw {@link IllegalStateException}.
 *
 * <p>Not thread-safe: one thread drives one instance. The instance owns its sockets and the server channel passed to
 * it; {@link #close()} releases them.
 */
public final class RingAllReduce implements AutoCloseable {
  /**
   * True when the Vector API module is present (JVM flag {@code --add-modules jdk.incubator.vector}, which
   * {@code bin/neurospark} and the Spark configurations pass) and not disabled with
   * {@code -Dneurospark.vector=false}: the first reduce-scatter step's arithmetic then runs in {@link VectorMean}.
   */
  static final boolean VECTOR_API = Boolean.parseBoolean(System.getProperty("neurospark.vector", "true"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /** Elements per slice: the unit of one reduce-scatter + all-gather pass. */
  public static final int DEFAULT_SLICE_ELEMENTS = 1 << 22;

  private final int rank;
  private final int sliceElements;
  private final int size;
  private final RingLink link;
  private long round;
  private AllReduceException failure;
  private boolean closed;
  private double[] sendAcc = new double[0];
  private double[] recvAcc = new double[0];
  private final Scratch scratch = new Scratch();
  private final boolean vectorApi;

  /**
   * Joins the ring. Blocks until both neighbours are connected and have completed the handshake, or fails.
   *
   * @param rank this worker's index in {@code addresses}, {@code 0 <= rank < addresses.size()}
   * @param addresses every worker's {@code host:port} (IPv6 hosts in brackets), in rank order, identical on all
   *     workers
   * @param server this worker's listening channel from {@link #listen(InetAddress)}, whose address is
   *     {@code addresses.get(rank)}; this instance takes ownership and closes it once the ring is connected (or the
   *     constructor fails). May be {@code null} when there is a single worker.
   * @param connectTimeout bound on connecting to the right neighbour (refused connections are retried every 50 ms),
   *     being connected by the left one, and the handshake, all together
   * @param ioTimeout bound on the time a ring step waits without any byte moving
   * @throws AllReduceException when a neighbour cannot be reached in time, or answers with a wrong handshake
   */
  public RingAllReduce(int rank, List<String> addresses, ServerSocketChannel server, Duration connectTimeout,
      Duration ioTimeout) throws AllReduceException {
    this(rank, addresses, server, connectTimeout, ioTimeout, DEFAULT_SLICE_ELEMENTS, VECTOR_API);
  }

  /**
   * As the public constructor, with another slice length (tests use short slices; all workers must agree on it) and
   * a choice of arithmetic ({@code vectorApi} only where {@link #VECTOR_API}; the results are the same).
   */
  RingAllReduce(int rank, List<String> addresses, ServerSocketChannel server, Duration connectTimeout,
      Duration ioTimeout, int sliceElements, boolean vectorApi) throws AllReduceException {
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(ioTimeout, "ioTimeout");
    try {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("no worker addresses");
      }
      if (rank < 0 || rank >= addresses.size()) {
        throw new IllegalArgumentException("rank " + rank + " outside [0, " + addresses.size() + ")");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero() || ioTimeout.isNegative() || ioTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: connect " + connectTimeout + ", io "
            + ioTimeout);
      }
      for (String a : addresses) {
        RingLink.parseAddress(Objects.requireNonNull(a, "address"));
      }
      if (sliceElements < 1) {
        throw new IllegalArgumentException("slice length must be positive, got " + sliceElements);
      }
      if (addresses.size() > 1 && server == null) {
        throw new IllegalArgumentException("a server channel is required with " + addresses.size() + " workers");
      }
    } catch (RuntimeException e) {
      closeServer(server);
      throw e;
    }
    this.rank = rank;
    this.sliceElements = sliceElements;
    this.vectorApi = vectorApi && VECTOR_API;
    this.size = addresses.size();
    if (size == 1) {
      closeServer(server);
      this.link = null;
    } else {
      this.link = RingLink.connect(rank, List.copyOf(addresses), ringId(addresses), server, connectTimeout.toNanos(),
          ioTimeout.toNanos());
    }
  }

  private static void closeServer(ServerSocketChannel server) {
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /**
   * Opens a server channel on {@code bindAddress} with an ephemeral port, ready to be published before the ring is
   * built (connections made before {@link RingAllReduce} accepts them wait in the backlog).
   *
   * @param bindAddress the local address to listen on: loopback for tests, the executor's host address on a
   *     cluster, or a wildcard address (then publish with {@link #addressOf(ServerSocketChannel, String)})
   */
  public static ServerSocketChannel listen(InetAddress bindAddress) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(new InetSocketAddress(bindAddress, 0), 64);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * The {@code host:port} to publish for a server bound to a specific address (IPv6 hosts in brackets).
   *
   * @throws IllegalArgumentException when the server is bound to a wildcard address, which peers cannot connect to
   */
  public static String addressOf(ServerSocketChannel server) throws IOException {
    InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
    if (local == null) {
      throw new IllegalArgumentException("server channel is not bound");
    }
    if (local.getAddress().isAnyLocalAddress()) {
      throw new IllegalArgumentException("server is bound to the wildcard address " + local
          + ": publish it with addressOf(server, host)");
    }
    return format(local.getAddress().getHostAddress(), local.getAddress() instanceof Inet6Address, local.getPort());
  }

  /** The {@code host:port} to publish for {@code server} reachable at {@code host} (a name or an IP literal). */
  public static String addressOf(ServerSocketChannel server, String host) throws IOException {
    InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
    if (local == null) {
      throw new IllegalArgumentException("server channel is not bound");
    }
    return format(host, host.indexOf(':') >= 0, local.getPort());
  }

  private static String format(String host, boolean ipv6, int port) {
    return (ipv6 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** 64-bit FNV-1a of the ring size and the address list: workers built from different lists refuse each other. */
  static long ringId(List<String> addresses) {
    long h = 0xcbf29ce484222325L;
    byte[] bytes = (addresses.size() + "\n" + String.join("\n", addresses)).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** This worker's rank. */
  public int rank() {
    return rank;
  }

  /** Number of workers in the ring. */
  public int size() {
    return size;
  }

  /** Operations completed (or, for a zero total weight, attempted) so far; the round id of the next is this. */
  public long rounds() {
    return round;
  }

  /** Bytes this worker has written to its sockets since it joined (handshake included). */
  public long bytesSent() {
    return link == null ? 0 : link.bytesSent();
  }

  /** Bytes this worker has read from its sockets since it joined (handshake included). */
  public long bytesReceived() {
    return link == null ? 0 : link.bytesReceived();
  }

  /**
   * Replaces {@code buf} on every worker by the weighted mean {@code Σ w_i·buf_i / Σ w_i} over all workers, in the
   * reduction order of the class description (bit-identical on every worker).
   *
   * @param buf this worker's values (parameters and optimizer state); the same length on every worker
   * @param weight this worker's weight, typically the number of samples it trained on since the last round; finite
   *     and {@code >= 0} (0: contributes nothing). A bad weight fails here, before any I/O, and the peers then time
   *     out.
   * @throws IllegalArgumentException when the total weight of all workers is 0 (thrown on every worker; the ring
   *     stays usable)
   * @throws AllReduceException when communication fails (the ring is then closed)
   */
  public void weightedAverage(float[] buf, double weight) throws AllReduceException {
    Objects.requireNonNull(buf, "buf");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
    }
    ensureUsable();
    long r = round++;
    if (size == 1) {
      if (weight == 0) {
        throw new IllegalArgumentException("total weight of all workers is 0 in round " + r);
      }
      return; // (w·x)/w rounds back to x exactly: the float64 error is far below half a float32 ulp
    }
    double total = run(new AverageOperand(buf, weight, scratch, vectorApi), r);
    if (!(total > 0)) {
      throw new IllegalArgumentException("total weight of all workers is " + total + " in round " + r
          + " (buffer left unchanged)");
    }
  }

  /**
   * Replaces {@code values} on every worker by the element-wise sum over all workers, in float64, in the reduction
   * order of the class description (bit-identical on every worker). For metrics: loss sums, sample counts.
   *
   * @throws AllReduceException when communication fails (the ring is then closed)
   */
  public void allReduceSum(double[] values) throws AllReduceException {
    Objects.requireNonNull(values, "values");
    ensureUsable();
    long r = round++;
    if (size == 1) {
      return;
    }
    run(new SumOperand(values, scratch), r);
  }

  private void ensureUsable() {
    if (closed) {
      throw new IllegalStateException("rank " + rank + ": ring is closed");
    }
    if (failure != null) {
      throw new IllegalStateException("rank " + rank + ": ring is unusable after an earlier failure: "
          + failure.getMessage(), failure);
    }
  }

  /**
   * Runs reduce-scatter + all-gather slice by slice; returns the total weight of the chunk this worker finished in
   * the first slice (for an average with total weight 0, the first slice stops after its reduce-scatter, on every
   * worker alike, and the buffer is left unchanged).
   */
  private double run(Operand op, long r) throws AllReduceException {
    try {
      int length = op.length();
      int slices = Math.max(1, (int) ((length + (long) sliceElements - 1) / sliceElements));
      double total = 0;
      for (int q = 0; q < slices; q++) {
        int offset = (int) Math.min((long) q * sliceElements, length);
        int sliceLength = Math.min(sliceElements, length - offset);
        double w = reduceScatterAllGather(op, r, offset, sliceLength, q, slices);
        if (q == 0) {
          total = w;
          if (op.reduceKind() == FrameHeader.KIND_REDUCE_AVG && !(total > 0)) {
            break;
          }
        }
      }
      return total;
    } catch (AllReduceException e) {
      failure = e;
      link.close();
      throw e;
    } catch (RuntimeException | Error e) {
      failure = new AllReduceException("rank " + rank + ": internal failure in round " + r + ": " + e,
          AllReduceException.Reason.IO, -1, null, e);
      link.close();
      throw e;
    }
  }

  private double reduceScatterAllGather(Operand op, long r, int offset, int length, int slice, int slices)
      throws AllReduceException {
    int n = size;
    int total = op.length();
    int reduceKind = op.reduceKind();
    boolean average = reduceKind == FrameHeader.KIND_REDUCE_AVG;
    if (n > 2) {
      // float64 partial sums of one chunk travel on between the middle steps; two arrays, kept between calls
      int maxChunk = chunkLength(length, n, 0);
      if (sendAcc.length < maxChunk) {
        sendAcc = new double[maxChunk];
        recvAcc = new double[maxChunk];
      }
    }
    String opName = (average ? "weightedAverage" : "allReduceSum") + " round " + r
        + (slices > 1 ? " slice " + (slice + 1) + " of " + slices : "");
    int stepBase = slice * (n - 1); // frame step ids count on across slices

    // reduce-scatter: in step s rank sends chunk (rank - s) and receives chunk (rank - s - 1), adding its own part.
    // Step 0 sends the worker's own values as they are (float32 for an average, its weight in the header): the
    // receiver forms w·x itself, the same float64 product the sender would have sent. The last step (s = n - 2)
    // finishes the received chunk straight into the caller's buffer.
    double sendWeight = op.weight();
    for (int s = 0; s < n - 1; s++) {
      int sendChunk = Math.floorMod(rank - s, n);
      int recvChunk = Math.floorMod(rank - s - 1, n);
      int sendLen = chunkLength(length, n, sendChunk);
      int recvLen = chunkLength(length, n, recvChunk);
      int sendStart = offset + chunkStart(length, n, sendChunk);
      int recvStart = offset + chunkStart(length, n, recvChunk);
      boolean first = s == 0;
      boolean last = s == n - 2;
      int kind = first ? op.firstKind() : reduceKind;
      double[] src = sendAcc;
      double[] dst = recvAcc;
      FrameHeader outH = new FrameHeader(kind, r, stepBase + s, sendChunk, total, sendLen, sendWeight);
      FrameHeader expect = new FrameHeader(kind, r, stepBase + s, recvChunk, total, recvLen, 0);
      RingLink.PayloadWriter writer = first
          ? (buf, from, m) -> op.writeOwn(buf, sendStart + from, m)
          : (buf, from, m) -> {
            buf.asDoubleBuffer().put(src, from, m);
            buf.position(buf.position() + m * Double.BYTES);
          };
      RingLink.PayloadReader reader;
      if (last) {
        reader = (h, buf, from, m) -> {
          double w = h.weight() + op.weight();
          if (average && !(w > 0)) {
            buf.position(buf.position() + m * FrameHeader.elementSize(h.kind())); // zero total: leave buf as is
          } else {
            op.finish(buf, first, h.weight(), recvStart + from, m, w);
          }
        };
      } else {
        reader = (h, buf, from, m) -> op.combine(buf, first, h.weight(), recvStart + from, dst, from, m);
      }
      FrameHeader got = link.exchange(outH, writer, expect, reader,
          opName + " (reduce-scatter step " + (s + 1) + " of " + (n - 1) + ")");
      sendWeight = got.weight() + op.weight();
      sendAcc = dst;
      recvAcc = src;
    }
    if (average && !(sendWeight > 0)) {
      return sendWeight; // every worker sees the same zero total and gives up here, in step with the others
    }

    // all-gather: in step s rank sends chunk (rank + 1 - s), finished, and receives chunk (rank - s)
    int gatherKind = op.gatherKind();
    int es = FrameHeader.elementSize(gatherKind);
    for (int s = 0; s < n - 1; s++) {
      int sendChunk = Math.floorMod(rank + 1 - s, n);
      int recvChunk = Math.floorMod(rank - s, n);
      int sendStart = offset + chunkStart(length, n, sendChunk);
      int recvStart = offset + chunkStart(length, n, recvChunk);
      FrameHeader outH = new FrameHeader(gatherKind, r, stepBase + s, sendChunk, total,
          chunkLength(length, n, sendChunk), 0);
      FrameHeader expect = new FrameHeader(gatherKind, r, stepBase + s, recvChunk, total,
          chunkLength(length, n, recvChunk), 0);
      link.exchange(outH,
          (buf, from, m) -> {
            op.writeGathered(buf, sendStart + from, m);
            buf.position(buf.position() + m * es);
          },
          expect,
          (h, buf, from, m) -> {
            op.readGathered(buf, recvStart + from, m);
            buf.position(buf.position() + m * es);
          },
          opName + " (all-gather step " + (s + 1) + " of " + (n - 1) + ")");
    }
    return sendWeight;
  }

  /** Start of chunk {@code c} of a buffer of {@code length} elements cut into {@code n} chunks. */
  static int chunkStart(int length, int n, int c) {
    int base = length / n;
    int rem = length % n;
    return c * base + Math.min(c, rem);
  }

  /** Length of chunk {@code c}: {@code length / n}, plus one for the first {@code length % n} chunks. */
  static int chunkLength(int length, int n, int c) {
    return length / n + (c < length % n ? 1 : 0);
  }

  /** Closes the sockets. Idempotent. Peers still in an operation then fail (their neighbour closed). */
  @Override
  public void close() {
    closed = true;
    if (link != null) {
      link.close();
    }
  }

  /**
   * Scratch arrays into which received payload pieces are copied in bulk before the arithmetic (simple array loops
   * the JIT vectorises); at most one I/O window of elements, allocated once per ring.
   */
  private static final class Scratch {
    private float[] floats = new float[0];
    private double[] doubles = new double[0];

    float[] floats(int n) {
      if (floats.length < n) {
        floats = new float[Math.max(n, RingLink.WINDOW_BYTES / Float.BYTES)];
      }
      return floats;
    }

    double[] doubles(int n) {
      if (doubles.length < n) {
        doubles = new double[Math.max(n, RingLink.WINDOW_BYTES / Double.BYTES)];
      }
      return doubles;
    }
  }

  /**
   * One worker's operand of an operation: how its contribution enters the float64 sums and how results return. The
   * ByteBuffer methods read or write {@code n} payload elements at the buffer's position and advance it.
   */
  private interface Operand {
    int length();

    int reduceKind();

    /** Frame kind of the first reduce-scatter step, which carries the sender's own values. */
    int firstKind();

    int gatherKind();

    double weight();

    /** Encodes own values {@code [start, start + n)} (the first reduce-scatter step's payload). */
    void writeOwn(ByteBuffer dst, int start, int n);

    /**
     * Reads n received elements (the left neighbour's own values with weight {@code leftWeight} when
     * {@code first}, else float64 partial sums) and stores {@code received + own contribution at start + k} in
     * {@code acc[from + k]}.
     */
    void combine(ByteBuffer src, boolean first, double leftWeight, int start, double[] acc, int from, int n);

    /** As {@link #combine}, but stores the finished results (divided by {@code totalWeight}) at {@code start}. */
    void finish(ByteBuffer src, boolean first, double leftWeight, int start, int n, double totalWeight);

    /** Encodes n results from {@code start} at {@code dst}'s position (without moving it). */
    void writeGathered(ByteBuffer dst, int start, int n);

    /** Decodes n results into {@code start} from {@code src}'s position (without moving it). */
    void readGathered(ByteBuffer src, int start, int n);
  }

  private static final class AverageOperand implements Operand {
    private final float[] buf;
    private final double w;
    private final Scratch scratch;
    private final boolean vectorApi;

    AverageOperand(float[] buf, double w, Scratch scratch, boolean vectorApi) {
      this.buf = buf;
      this.w = w;
      this.scratch = scratch;
      this.vectorApi = vectorApi;
    }

    @Override
    public int length() {
      return buf.length;
    }

    @Override
    public int reduceKind() {
      return FrameHeader.KIND_REDUCE_AVG;
    }

    @Override
    public int firstKind() {
      return FrameHeader.KIND_REDUCE_AVG_F32;
    }

    @Override
    public int gatherKind() {
      return FrameHeader.KIND_GATHER_F32;
    }

    @Override
    public double weight() {
      return w;
    }

    @Override
    public void writeOwn(ByteBuffer dst, int start, int n) {
      dst.asFloatBuffer().put(buf, start, n);
      dst.position(dst.position() + n * Float.BYTES);
    }

    @Override
    public void combine(ByteBuffer src, boolean first, double leftWeight, int start, double[] acc, int from, int n) {
      if (first && vectorApi) {
        VectorMean.combine(src, src.position(), leftWeight, buf, start, w, acc, from, n);
        src.position(src.position() + n * Float.BYTES);
        return;
      }
      if (first) {
        float[] x = scratch.floats(n);
        src.asFloatBuffer().get(x, 0, n);
        src.position(src.position() + n * Float.BYTES);
        scale(x, leftWeight, acc, from, n);
      } else {
        src.asDoubleBuffer().get(acc, from, n);
        src.position(src.position() + n * Double.BYTES);
      }
      addScaled(buf, start, w, acc, from, n);
    }

    @Override
    public void finish(ByteBuffer src, boolean first, double leftWeight, int start, int n, double totalWeight) {
      if (first && vectorApi) {
        VectorMean.finish(src, src.position(), leftWeight, buf, start, w, totalWeight, n);
        src.position(src.position() + n * Float.BYTES);
        return;
      }
      double[] p = scratch.doubles(n);
      if (first) {
        float[] x = scratch.floats(n);
        src.asFloatBuffer().get(x, 0, n);
        src.position(src.position() + n * Float.BYTES);
        scale(x, leftWeight, p, 0, n);
      } else {
        src.asDoubleBuffer().get(p, 0, n);
        src.position(src.position() + n * Double.BYTES);
      }
      addScaled(buf, start, w, p, 0, n);
      divide(p, totalWeight, buf, start, n);
    }

    // Without the Vector API: one simple loop each, which C2 vectorises (a fused loop mixing float and double is
    // left scalar and takes about three times as long); the float64 results are the same, operation for operation.

    /** {@code acc[from + k] = w · x[k]}. */
    private static void scale(float[] x, double w, double[] acc, int from, int n) {
      for (int k = 0; k < n; k++) {
        acc[from + k] = w * x[k];
      }
    }

    /** {@code acc[from + k] += w · x[start + k]}. */
    private static void addScaled(float[] x, int start, double w, double[] acc, int from, int n) {
      for (int k = 0; k < n; k++) {
        acc[from + k] += w * x[start + k];
      }
    }

    /** {@code out[start + k] = (float) (s[k] / total)}. */
    private static void divide(double[] s, double total, float[] out, int start, int n) {
      for (int k = 0; k < n; k++) {
        out[start + k] = (float) (s[k] / total);
      }
    }

    @Override
    public void writeGathered(ByteBuffer dst, int start, int n) {
      dst.asFloatBuffer().put(buf, start, n);
    }

    @Override
    public void readGathered(ByteBuffer src, int start, int n) {
      src.asFloatBuffer().get(buf, start, n);
    }
  }

  private static final class SumOperand implements Operand {
    private final double[] values;
    private final Scratch scratch;

    SumOperand(double[] values, Scratch scratch) {
      this.values = values;
      this.scratch = scratch;
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public int reduceKind() {
      return FrameHeader.KIND_REDUCE_SUM;
    }

    @Override
    public int firstKind() {
      return FrameHeader.KIND_REDUCE_SUM;
    }

    @Override
    public int gatherKind() {
      return FrameHeader.KIND_GATHER_F64;
    }

    @Override
    public double weight() {
      return 0;
    }

    @Override
    public void writeOwn(ByteBuffer dst, int start, int n) {
      dst.asDoubleBuffer().put(values, start, n);
      dst.position(dst.position() + n * Double.BYTES);
    }

    @Override
    public void combine(ByteBuffer src, boolean first, double leftWeight, int start, double[] acc, int from, int n) {
      src.asDoubleBuffer().get(acc, from, n);
      src.position(src.position() + n * Double.BYTES);
      for (int k = 0; k < n; k++) {
        acc[from + k] += values[start + k];
      }
    }

    @Override
    public void finish(ByteBuffer src, boolean first, double leftWeight, int start, int n, double totalWeight) {
      double[] p = scratch.doubles(n);
      src.asDoubleBuffer().get(p, 0, n);
      src.position(src.position() + n * Double.BYTES);
      for (int k = 0; k < n; k++) {
        values[start + k] += p[k]; // own + received: the same float64 sum as received + own
      }
    }

    @Override
    public void writeGathered(ByteBuffer dst, int start, int n) {
      dst.asDoubleBuffer().put(values, start, n);
    }

    @Override
    public void readGathered(ByteBuffer src, int start, int n) {
      src.asDoubleBuffer().get(values, start, n);
    }
  }
}
