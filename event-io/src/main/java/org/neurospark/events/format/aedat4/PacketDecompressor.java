package org.neurospark.events.format.aedat4;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.Closeable;

/**
 * Decompresses AEDAT 4.0 packet bodies into one reused output buffer: each body is an independent LZ4 frame
 * ({@link Lz4FrameDecoder}) or zstd frame (zstd-jni, one {@link ZstdDecompressCtx} reused for all packets). For
 * {@link Compression#NONE} the body is returned in place (no copy).
 */
public final class PacketDecompressor implements Closeable {
  /** Magic of a zstd frame, little-endian 0xFD2FB528. */
  public static final int ZSTD_MAGIC = 0xFD2FB528;

  private final Compression compression;
  private final int maxOutput;
  private Lz4FrameDecoder lz4;
  private ZstdDecompressCtx zstd;
  private byte[] zout;
  private byte[] result;
  private int resultOffset;

  /**
   * @param compression the file's codec
   * @param maxOutput the largest decompressed body accepted, bytes
   */
  public PacketDecompressor(Compression compression, int maxOutput) {
    this.compression = compression;
    this.maxOutput = maxOutput;
    if (compression.isLz4()) {
      lz4 = new Lz4FrameDecoder(maxOutput);
    } else if (compression.isZstd()) {
      zstd = new ZstdDecompressCtx();
      zout = new byte[1 << 16];
    }
  }

  public Compression compression() {
    return compression;
  }

  /**
   * Decompresses {@code src[off, off + len)}.
   *
   * @return the decompressed length; the bytes are {@code buffer()[bufferOffset(), bufferOffset() + length)}
   */
  public int decompress(byte[] src, int off, int len) throws CompressionException {
    if (compression == Compression.NONE) {
      result = src;
      resultOffset = off;
      return len;
    }
    resultOffset = 0;
    if (lz4 != null) {
      int n = lz4.decode(src, off, len);
      result = lz4.output();
      return n;
    }
    if (len < 4 || FlatBufferView.getInt(src, off) != ZSTD_MAGIC) {
      throw new CompressionException(0, String.format("bad zstd frame magic 0x%08X (expected 0x%08X)",
          len < 4 ? 0 : FlatBufferView.getInt(src, off), ZSTD_MAGIC));
    }
    long declared = Zstd.getFrameContentSize(src, off, len);
    if (declared == -2) {
      throw new CompressionException(0, "corrupt zstd frame header");
    }
    if (declared > maxOutput) {
      throw new CompressionException(0, "zstd frame declares " + declared + " bytes, over the limit of "
          + maxOutput);
    }
    if (declared >= 0 && zout.length < declared) {
      zout = new byte[(int) Math.max(declared, Math.min(maxOutput, 2L * zout.length))];
    }
    while (true) {
      try {
        zstd.reset();
        int n = zstd.decompressByteArray(zout, 0, zout.length, src, off, len);
        if (declared >= 0 && n != declared) {
          throw new CompressionException(0, "zstd frame declares " + declared + " bytes but decodes to " + n);
        }
        result = zout;
        return n;
      } catch (ZstdException e) {
        if (e.getErrorCode() == Zstd.errDstSizeTooSmall() && declared < 0 && zout.length < maxOutput) {
          zout = new byte[(int) Math.min(maxOutput, 2L * zout.length)];
          continue;
        }
        throw new CompressionException(0, "corrupt zstd frame: " + e.getMessage(), e);
      }
    }
  }

  /** The array holding the last decompressed body. */
  public byte[] buffer() {
    return result;
  }

  /** Start of the last decompressed body in {@link #buffer()}. */
  public int bufferOffset() {
    return resultOffset;
  }

  @Override
  public void close() {
    if (zstd != null) {
      zstd.close();
      zstd = null;
    }
  }
}
