package org.neurospark.spark.train.allreduce;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 40-byte header that starts every frame of the ring protocol (little-endian):
 *
 * <pre>
 * offset size field
 *      0    4 magic    0x4E535241 ("NSRA")
 *      4    1 kind     see the KIND_ constants
 *      5    3 reserved 0
 *      8    8 round    operation counter (HELLO/ACK: ring id, a hash of the address list)
 *     16    4 step     slice · (N − 1) + ring step of the phase (HELLO/ACK: protocol version)
 *     20    4 chunk    chunk index (HELLO/ACK: the sender's rank)
 *     24    4 total    length of the whole buffer in elements (HELLO/ACK: ring size)
 *     28    4 count    elements in this frame's payload
 *     32    8 weight   partial sum of weights (REDUCE_AVG, REDUCE_AVG_F32 only, else 0)
 * </pre>
 *
 * The payload follows: {@code count} little-endian float64 (REDUCE_AVG, REDUCE_SUM, GATHER_F64) or float32
 * (REDUCE_AVG_F32, GATHER_F32) values. REDUCE_AVG_F32 is the first reduce-scatter step of an average: the sender's
 * own values, unweighted, with its weight in {@code weight}; REDUCE_AVG the later steps' float64 partial sums. Package-private: the wire format is an implementation detail shared with the tests.
 */
record FrameHeader(int kind, long round, int step, int chunk, int total, int count, double weight) {
  static final int SIZE = 40;
  static final int MAGIC = 0x4E535241;
  /** 2: the first reduce-scatter step of an average sends float32 values (REDUCE_AVG_F32). */
  static final int PROTOCOL_VERSION = 2;

  static final int KIND_HELLO = 1;
  static final int KIND_ACK = 2;
  static final int KIND_REDUCE_AVG = 3;
  static final int KIND_REDUCE_SUM = 4;
  static final int KIND_GATHER_F32 = 5;
  static final int KIND_GATHER_F64 = 6;
  static final int KIND_REDUCE_AVG_F32 = 7;

  static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

  /** Bytes per payload element of a frame of this kind. */
  static int elementSize(int kind) {
    return kind == KIND_GATHER_F32 || kind == KIND_REDUCE_AVG_F32 ? Float.BYTES : Double.BYTES;
  }

  static String kindName(int kind) {
    return switch (kind) {
      case KIND_HELLO -> "HELLO";
      case KIND_ACK -> "ACK";
      case KIND_REDUCE_AVG -> "REDUCE_AVG";
      case KIND_REDUCE_SUM -> "REDUCE_SUM";
      case KIND_GATHER_F32 -> "GATHER_F32";
      case KIND_GATHER_F64 -> "GATHER_F64";
      case KIND_REDUCE_AVG_F32 -> "REDUCE_AVG_F32";
      default -> "unknown kind " + kind;
    };
  }

  /** Writes this header at {@code dst}'s position (which must be little-endian) and advances it by {@link #SIZE}. */
  void write(ByteBuffer dst) {
    dst.putInt(MAGIC).put((byte) kind).put((byte) 0).put((byte) 0).put((byte) 0).putLong(round).putInt(step)
        .putInt(chunk).putInt(total).putInt(count).putDouble(weight);
  }

  /**
   * Reads a header at {@code src}'s position (little-endian, at least {@link #SIZE} bytes remaining), advancing it.
   *
   * @throws IllegalArgumentException with a description of the bytes when the magic number or kind is wrong
   */
  static FrameHeader read(ByteBuffer src) {
    int start = src.position();
    int magic = src.getInt();
    int kind = src.get() & 0xff;
    src.position(src.position() + 3);
    long round = src.getLong();
    int step = src.getInt();
    int chunk = src.getInt();
    int total = src.getInt();
    int count = src.getInt();
    double weight = src.getDouble();
    if (magic != MAGIC) {
      throw new IllegalArgumentException(String.format(
          "bad magic 0x%08X (expected 0x%08X): not a Neurospark all-reduce frame; first bytes %s", magic, MAGIC,
          hex(src, start, 16)));
    }
    if (kind < KIND_HELLO || kind > KIND_REDUCE_AVG_F32) {
      throw new IllegalArgumentException("unknown frame kind " + kind);
    }
    if (count < 0 || total < 0) {
      throw new IllegalArgumentException("negative length in frame header (total " + total + ", count " + count + ")");
    }
    return new FrameHeader(kind, round, step, chunk, total, count, weight);
  }

  private static String hex(ByteBuffer b, int from, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + n && i < b.limit(); i++) {
      sb.append(String.format("%02x", b.get(i)));
    }
    return sb.toString();
  }

  String describe() {
    return kindName(kind) + " round " + round + " step " + step + " chunk " + chunk + " (" + count + " of " + total
        + " elements)";
  }
}
