package org.neurospark.spark.train.allreduce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * A ring member written against the wire format with plain blocking sockets, for tests of misbehaving peers: it
 * completes the real handshake and then sends whatever a test tells it to (a partial frame, garbage) and closes.
 */
final class RawPeer implements AutoCloseable {
  final SocketChannel out;
  final SocketChannel in;

  private RawPeer(SocketChannel out, SocketChannel in) {
    this.out = out;
    this.in = in;
  }

  /** Joins the ring as {@code rank}: connect right, HELLO, accept left, read its HELLO, ACK it, read the ACK. */
  static RawPeer join(int rank, List<String> addresses, ServerSocketChannel server) throws IOException {
    int n = addresses.size();
    long ringId = RingAllReduce.ringId(addresses);
    SocketChannel out = SocketChannel.open(RingLink.parseAddress(addresses.get((rank + 1) % n)));
    SocketChannel in = null;
    try {
      out.write(header(new FrameHeader(FrameHeader.KIND_HELLO, ringId, FrameHeader.PROTOCOL_VERSION, rank, n, 0, 0)));
      server.configureBlocking(true);
      in = server.accept();
      server.close();
      readHeader(in);
      in.write(header(new FrameHeader(FrameHeader.KIND_ACK, ringId, FrameHeader.PROTOCOL_VERSION, rank, n, 0, 0)));
      readHeader(out);
      return new RawPeer(out, in);
    } catch (IOException | RuntimeException e) {
      out.close();
      if (in != null) {
        in.close();
      }
      throw e;
    }
  }

  /** A client that is no ring member: connects to {@code address} and sends {@code bytes}. */
  static SocketChannel stray(String address, ByteBuffer bytes) throws IOException {
    InetSocketAddress target = RingLink.parseAddress(address);
    SocketChannel ch = SocketChannel.open(target);
    while (bytes.hasRemaining()) {
      ch.write(bytes);
    }
    return ch;
  }

  static ByteBuffer header(FrameHeader h) {
    ByteBuffer b = ByteBuffer.allocate(FrameHeader.SIZE).order(FrameHeader.ORDER);
    h.write(b);
    return b.flip();
  }

  static FrameHeader readHeader(SocketChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(FrameHeader.SIZE).order(FrameHeader.ORDER);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new IOException("closed during the handshake");
      }
    }
    return FrameHeader.read(b.flip());
  }

  void send(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
    in.close();
  }
}
