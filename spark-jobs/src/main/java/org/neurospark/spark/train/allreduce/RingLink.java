package org.neurospark.spark.train.allreduce;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two connections of one ring member: {@code out} to the right neighbour (rank + 1), on which it sends, and
 * {@code in} from the left neighbour (rank − 1), on which it receives. Both are non-blocking and share one selector,
 * so a step sends and receives at the same time from one thread: no deadlock whatever the buffer size, and every
 * wait is bounded by a timeout. Package-private; {@link RingAllReduce} is the public face.
 */
final class RingLink implements AutoCloseable {
  /** Bytes of each of the two direct I/O windows; payloads stream through them in pieces. */
  static final int WINDOW_BYTES = 1 << 20;
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Encodes payload elements {@code [from, from + n)} of a frame at {@code dst}'s position, advancing it. */
  interface PayloadWriter {
    void write(ByteBuffer dst, int from, int n);
  }

  /** Consumes payload elements {@code [from, from + n)} of frame {@code h} at {@code src}'s position, advancing it. */
  interface PayloadReader {
    void read(FrameHeader h, ByteBuffer src, int from, int n);
  }

  private final int rank;
  private final int leftRank;
  private final int rightRank;
  private final String leftAddress;
  private final String rightAddress;
  private final long ioTimeoutNanos;
  private final Selector selector;
  private SocketChannel out;
  private SocketChannel in;
  private SelectionKey outKey;
  private SelectionKey inKey;
  private final ByteBuffer sendWindow;
  /** Kept in write mode between calls: bytes of the next frame that arrived early stay in it. */
  private final ByteBuffer recvWindow;
  private long bytesSent;
  private long bytesReceived;

  private RingLink(int rank, List<String> addresses, long ioTimeoutNanos) throws IOException {
    int n = addresses.size();
    this.rank = rank;
    this.leftRank = Math.floorMod(rank - 1, n);
    this.rightRank = Math.floorMod(rank + 1, n);
    this.leftAddress = addresses.get(leftRank);
    this.rightAddress = addresses.get(rightRank);
    this.ioTimeoutNanos = ioTimeoutNanos;
    this.selector = Selector.open();
    this.sendWindow = ByteBuffer.allocateDirect(WINDOW_BYTES).order(FrameHeader.ORDER);
    this.recvWindow = ByteBuffer.allocateDirect(WINDOW_BYTES).order(FrameHeader.ORDER);
  }

  /**
   * Connects to the right neighbour, accepts the left one on {@code server} and runs the handshake (HELLO carrying
   * ring id, protocol version, ring size and rank; ACK back), all within {@code connectTimeoutNanos}. Closes
   * {@code server} in every case. Connections whose HELLO has another ring id or is not a HELLO at all (stale tasks of
   * an earlier stage attempt, port scanners) are closed and waited past.
   */
  static RingLink connect(int rank, List<String> addresses, long ringId, ServerSocketChannel server,
      long connectTimeoutNanos, long ioTimeoutNanos) throws AllReduceException {
    RingLink link = null;
    try (server) {
      link = new RingLink(rank, addresses, ioTimeoutNanos);
      long deadline = System.nanoTime() + connectTimeoutNanos;
      int n = addresses.size();
      link.connectRight(deadline, connectTimeoutNanos);
      ByteBuffer hello = ByteBuffer.allocate(FrameHeader.SIZE).order(FrameHeader.ORDER);
      new FrameHeader(FrameHeader.KIND_HELLO, ringId, FrameHeader.PROTOCOL_VERSION, rank, n, 0, 0).write(hello);
      hello.flip();
      link.writeFully(link.out, link.outKey, hello, deadline, link.rightRank, link.rightAddress, "sending HELLO",
          connectTimeoutNanos);
      link.acceptLeft(server, ringId, n, deadline, connectTimeoutNanos);
      ByteBuffer ack = ByteBuffer.allocate(FrameHeader.SIZE).order(FrameHeader.ORDER);
      new FrameHeader(FrameHeader.KIND_ACK, ringId, FrameHeader.PROTOCOL_VERSION, rank, n, 0, 0).write(ack);
      ack.flip();
      link.writeFully(link.in, link.inKey, ack, deadline, link.leftRank, link.leftAddress, "sending ACK",
          connectTimeoutNanos);
      ByteBuffer reply = ByteBuffer.allocate(FrameHeader.SIZE).order(FrameHeader.ORDER);
      link.readFully(link.out, link.outKey, reply, deadline, link.rightRank, link.rightAddress,
          "waiting for its ACK (it accepted the TCP connection; is its RingAllReduce running?)", connectTimeoutNanos);
      reply.flip();
      FrameHeader h;
      try {
        h = FrameHeader.read(reply);
      } catch (IllegalArgumentException e) {
        throw link.error(AllReduceException.Reason.PROTOCOL, link.rightRank, link.rightAddress,
            "answered the handshake with garbage: " + e.getMessage(), null);
      }
      if (h.kind() != FrameHeader.KIND_ACK || h.round() != ringId || h.chunk() != link.rightRank
          || h.total() != n) {
        throw link.error(AllReduceException.Reason.PROTOCOL, link.rightRank, link.rightAddress,
            "answered the handshake with " + h.describe() + ", expected ACK of ring " + ringId + " from rank "
                + link.rightRank + " of " + n, null);
      }
      return link;
    } catch (AllReduceException e) {
      closeQuietly(link);
      throw e;
    } catch (IOException e) {
      closeQuietly(link);
      throw new AllReduceException("rank " + rank + ": could not set up the ring: " + e,
          AllReduceException.Reason.IO, -1, null, e);
    } catch (RuntimeException | Error e) {
      closeQuietly(link);
      throw e;
    }
  }

  private static void closeQuietly(RingLink link) {
    if (link != null) {
      link.close();
    }
  }

  static InetSocketAddress parseAddress(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("not a host:port address: '" + address + "'");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a host:port address (bad port): '" + address + "'");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + address + "'");
    }
    return new InetSocketAddress(host, port);
  }

  private void connectRight(long deadline, long connectTimeoutNanos) throws IOException {
    InetSocketAddress target = parseAddress(rightAddress);
    if (target.isUnresolved()) {
      throw error(AllReduceException.Reason.IO, rightRank, rightAddress, "host cannot be resolved", null);
    }
    IOException last = null;
    while (true) {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
        boolean connected = ch.connect(target);
        while (!connected) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw timeout(rightRank, rightAddress, notReachable(last), connectTimeoutNanos, last);
          }
          select(remaining);
          connected = ch.finishConnect();
        }
        key.interestOps(0);
        out = ch;
        outKey = key;
        return;
      } catch (ConnectException | NoRouteToHostException e) {
        ch.close();
        selector.selectNow(); // flush the cancelled key before the channel's successor registers
        last = e;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw timeout(rightRank, rightAddress, notReachable(last), connectTimeoutNanos, last);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(RETRY_NANOS, remaining));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw error(AllReduceException.Reason.INTERRUPTED, rightRank, rightAddress, "interrupted while connecting", e);
      }
    }
  }

  private static String notReachable(IOException last) {
    return "could not be connected to" + (last == null ? "" : " (last attempt: " + last + ")");
  }

  private void acceptLeft(ServerSocketChannel server, long ringId, int n, long deadline, long connectTimeoutNanos)
      throws IOException {
    server.configureBlocking(false);
    SelectionKey serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
    List<String> rejected = new ArrayList<>();
    while (true) {
      SocketChannel ch = server.accept();
      if (ch == null) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw timeout(leftRank, leftAddress, "did not connect" + (rejected.isEmpty() ? ""
              : " (rejected meanwhile: " + String.join("; ", rejected) + ")"), connectTimeoutNanos, null);
        }
        serverKey.interestOps(SelectionKey.OP_ACCEPT);
        select(remaining);
        continue;
      }
      serverKey.interestOps(0);
      String from = String.valueOf(ch.getRemoteAddress());
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SelectionKey key = ch.register(selector, 0);
      ByteBuffer hello = ByteBuffer.allocate(FrameHeader.SIZE).order(FrameHeader.ORDER);
      try {
        readFully(ch, key, hello, deadline, leftRank, leftAddress, "waiting for the HELLO of a connection from " + from,
            connectTimeoutNanos);
      } catch (AllReduceException e) {
        if (e.reason() != AllReduceException.Reason.PEER_CLOSED) {
          ch.close();
          throw e;
        }
        ch.close();
        rejected.add(from + " closed before its HELLO");
        continue;
      }
      hello.flip();
      FrameHeader h;
      try {
        h = FrameHeader.read(hello);
      } catch (IllegalArgumentException e) {
        ch.close();
        rejected.add(from + " sent garbage (" + e.getMessage() + ")");
        continue;
      }
      if (h.kind() != FrameHeader.KIND_HELLO || h.round() != ringId || h.step() != FrameHeader.PROTOCOL_VERSION
          || h.total() != n) {
        ch.close();
        rejected.add(from + " sent " + h.describe() + " instead of a HELLO of ring " + ringId + " (protocol "
            + FrameHeader.PROTOCOL_VERSION + ", " + n + " ranks)");
        continue;
      }
      if (h.chunk() != leftRank) {
        ch.close();
        throw error(AllReduceException.Reason.PROTOCOL, h.chunk(), from,
            "connected as rank " + h.chunk() + " but this worker's left neighbour is rank " + leftRank + " ("
                + leftAddress + "): do all workers use the same address list?", null);
      }
      serverKey.cancel();
      in = ch;
      inKey = key;
      return;
    }
  }

  /**
   * Sends {@code outHeader} and its payload to the right neighbour while receiving one frame from the left
   * neighbour, which must match {@code expect} in kind, round, step, chunk, total and count. Returns the received
   * header. Fails when no byte moves in either direction for the I/O timeout.
   */
  FrameHeader exchange(FrameHeader outHeader, PayloadWriter writer, FrameHeader expect, PayloadReader reader,
      String what) throws AllReduceException {
    try {
      int outSize = FrameHeader.elementSize(outHeader.kind());
      int inSize = FrameHeader.elementSize(expect.kind());
      int outCount = outHeader.count();
      sendWindow.clear();
      outHeader.write(sendWindow);
      int sent = fill(writer, outSize, outCount, 0);
      sendWindow.flip();
      boolean sendDone = false;

      FrameHeader received = null;
      int got = 0;
      boolean recvDone = false;
      long lastProgress = System.nanoTime();
      boolean fresh = true;
      while (true) {
        boolean progress = false;
        if (!sendDone) {
          int k;
          try {
            k = out.write(sendWindow);
          } catch (IOException e) {
            throw error(AllReduceException.Reason.PEER_CLOSED, rightRank, rightAddress,
                "connection failed while " + what + " (" + e + ")", e);
          }
          if (k > 0) {
            progress = true;
            bytesSent += k;
          }
          if (!sendWindow.hasRemaining()) {
            if (sent == outCount) {
              sendDone = true;
            } else {
              sendWindow.clear();
              sent = fill(writer, outSize, outCount, sent);
              sendWindow.flip();
            }
          }
        }
        if (!recvDone) {
          int k = 0;
          if (!fresh) {
            try {
              k = in.read(recvWindow);
            } catch (IOException e) {
              throw error(AllReduceException.Reason.PEER_CLOSED, leftRank, leftAddress,
                  "connection failed while " + what + " (" + e + ")", e);
            }
            if (k < 0) {
              throw error(AllReduceException.Reason.PEER_CLOSED, leftRank, leftAddress,
                  "closed the connection while " + what + (received == null ? ""
                      : " (after " + got + " of " + received.count() + " elements of " + received.describe() + ")"),
                  null);
            }
          }
          if (k > 0 || fresh) {
            // process what is buffered: bytes that arrived early during the previous call are consumed first
            fresh = false;
            if (k > 0) {
              progress = true;
              bytesReceived += k;
            }
            recvWindow.flip();
            if (received == null && recvWindow.remaining() >= FrameHeader.SIZE) {
              received = readHeader(expect, what);
            }
            if (received != null) {
              while (got < received.count() && recvWindow.remaining() >= inSize) {
                int m = Math.min(received.count() - got, recvWindow.remaining() / inSize);
                int before = recvWindow.position();
                reader.read(received, recvWindow, got, m);
                assert recvWindow.position() == before + m * inSize;
                got += m;
              }
              recvDone = got == received.count();
            }
            recvWindow.compact();
          }
        }
        if (sendDone && recvDone) {
          return received;
        }
        long now = System.nanoTime();
        if (progress) {
          lastProgress = now;
          continue;
        }
        long remaining = lastProgress + ioTimeoutNanos - now;
        if (remaining <= 0) {
          if (!recvDone) {
            throw timeout(leftRank, leftAddress, "sent nothing while " + what + (sendDone ? ""
                    : " (and right peer rank " + rightRank + " (" + rightAddress + ") accepted nothing)"),
                ioTimeoutNanos, null);
          }
          throw timeout(rightRank, rightAddress, "accepted nothing while " + what, ioTimeoutNanos, null);
        }
        outKey.interestOps(sendDone ? 0 : SelectionKey.OP_WRITE);
        inKey.interestOps(recvDone ? 0 : SelectionKey.OP_READ);
        select(remaining);
      }
    } catch (AllReduceException e) {
      throw e;
    } catch (IOException e) {
      throw new AllReduceException("rank " + rank + ": I/O error while " + what + ": " + e,
          AllReduceException.Reason.IO, -1, null, e);
    }
  }

  private int fill(PayloadWriter writer, int elementSize, int count, int sent) {
    while (sent < count && sendWindow.remaining() >= elementSize) {
      int m = Math.min(count - sent, sendWindow.remaining() / elementSize);
      writer.write(sendWindow, sent, m);
      sent += m;
    }
    return sent;
  }

  private FrameHeader readHeader(FrameHeader expect, String what) throws AllReduceException {
    FrameHeader h;
    try {
      h = FrameHeader.read(recvWindow);
    } catch (IllegalArgumentException e) {
      throw error(AllReduceException.Reason.PROTOCOL, leftRank, leftAddress,
          "sent garbage while " + what + ": " + e.getMessage(), null);
    }
    if (h.kind() != expect.kind() || h.round() != expect.round() || h.step() != expect.step()
        || h.chunk() != expect.chunk()) {
      throw error(AllReduceException.Reason.PROTOCOL, leftRank, leftAddress, "sent " + h.describe()
          + " while " + what + ", expected " + expect.describe()
          + ": do all workers call the same operations in the same order?", null);
    }
    if (h.total() != expect.total() || h.count() != expect.count()) {
      throw error(AllReduceException.Reason.PROTOCOL, leftRank, leftAddress, "has a buffer of " + h.total()
          + " elements (chunk of " + h.count() + ") but this worker has " + expect.total() + " (chunk of "
          + expect.count() + ") while " + what + ": all workers must pass buffers of the same length", null);
    }
    return h;
  }

  private void writeFully(SocketChannel ch, SelectionKey key, ByteBuffer buf, long deadline, int peerRank,
      String peerAddress, String what, long timeoutNanos) throws IOException {
    while (buf.hasRemaining()) {
      int k;
      try {
        k = ch.write(buf);
      } catch (IOException e) {
        throw error(AllReduceException.Reason.PEER_CLOSED, peerRank, peerAddress,
            "connection failed while " + what + " (" + e + ")", e);
      }
      if (k > 0) {
        bytesSent += k;
        continue;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw timeout(peerRank, peerAddress, "accepted nothing while " + what, timeoutNanos, null);
      }
      key.interestOps(SelectionKey.OP_WRITE);
      select(remaining);
      key.interestOps(0);
    }
  }

  private void readFully(SocketChannel ch, SelectionKey key, ByteBuffer buf, long deadline, int peerRank,
      String peerAddress, String what, long timeoutNanos) throws IOException {
    while (buf.hasRemaining()) {
      int k;
      try {
        k = ch.read(buf);
      } catch (IOException e) {
        throw error(AllReduceException.Reason.PEER_CLOSED, peerRank, peerAddress,
            "connection failed while " + what + " (" + e + ")", e);
      }
      if (k < 0) {
        throw error(AllReduceException.Reason.PEER_CLOSED, peerRank, peerAddress,
            "closed the connection while " + what, null);
      }
      if (k > 0) {
        bytesReceived += k;
        continue;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw timeout(peerRank, peerAddress, "sent nothing while " + what, timeoutNanos, null);
      }
      key.interestOps(SelectionKey.OP_READ);
      select(remaining);
      key.interestOps(0);
    }
  }

  private void select(long remainingNanos) throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new AllReduceException("rank " + rank + ": interrupted", AllReduceException.Reason.INTERRUPTED, -1,
          null, null);
    }
    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos + 999_999)));
    selector.selectedKeys().clear();
  }

  private AllReduceException timeout(int peerRank, String peerAddress, String what, long timeoutNanos,
      Throwable cause) {
    return error(AllReduceException.Reason.TIMEOUT, peerRank, peerAddress,
        what + " within the timeout of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", cause);
  }

  private AllReduceException error(AllReduceException.Reason reason, int peerRank, String peerAddress, String what,
      Throwable cause) {
    String side = peerRank == leftRank && peerRank == rightRank ? "peer"
        : peerRank == leftRank ? "left peer" : peerRank == rightRank ? "right peer" : "peer";
    return new AllReduceException("rank " + rank + ": " + side + " rank " + peerRank + " (" + peerAddress + ") "
        + what, reason, peerRank, peerAddress, cause);
  }

  long bytesSent() {
    return bytesSent;
  }

  long bytesReceived() {
    return bytesReceived;
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {out, in, selector}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing: nothing useful to do with a failure here
        }
      }
    }
  }
}
