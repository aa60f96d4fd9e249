package org.neurospark.events.format.aedat4;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes one LZ4 frame (the LZ4F format: magic {@code 04 22 4D 18}, FLG/BD descriptor, header checksum, blocks,
 * end mark, optional content checksum) into a caller-owned, reused output buffer.
 *
 * <p>Why not {@code LZ4FrameInputStream}: it allocates per stream and rejects <em>linked</em> blocks, which is what
 * DV writes ({@code FLG = 0x40}: block independence off). Blocks are decoded with lz4-java's
 * {@link LZ4SafeDecompressor} whenever they need no earlier output (independent blocks, and the first block of a
 * linked frame — every block of the DVXplorer fixture). A later block of a linked frame may copy matches from the
 * previous blocks' output; lz4-java has no API for that prefix dictionary, so those blocks go through
 * {@link #decodeBlock}, a small bounds-checked LZ4 block decoder whose matches may reach back to the start of the
 * frame's output.
 *
 * <p>Header and block checksums (xxHash32) are verified when present, and so is the content checksum.
 */
public final class Lz4FrameDecoder {
  /** LZ4 frame magic number (little-endian 0x184D2204). */
  public static final int MAGIC = 0x184D2204;

  private final LZ4SafeDecompressor lz4 = LZ4Factory.fastestInstance().safeDecompressor();
  private final XXHash32 xxh = XXHashFactory.fastestInstance().hash32();
  private final int maxOutput;
  private byte[] out = new byte[1 << 16];

  /** @param maxOutput the largest decompressed frame accepted, bytes (guards against memory exhaustion) */
  public Lz4FrameDecoder(int maxOutput) {
    this.maxOutput = maxOutput;
  }

  /** The output buffer of the last {@link #decode} (valid bytes {@code [0, returned length)}). */
  public byte[] output() {
    return out;
  }

  /**
   * Decodes the single LZ4 frame in {@code src[off, off + len)}; the frame must fill the region exactly.
   *
   * @return decompressed length, bytes in {@link #output()}
   */
  public int decode(byte[] src, int off, int len) throws CompressionException {
    final int end = off + len;
    int p = off;
    if (len < 7) {
      throw new CompressionException(0, "LZ4 frame of " + len + " bytes is shorter than a frame header");
    }
    int magic = FlatBufferView.getInt(src, p);
    if (magic != MAGIC) {
      throw new CompressionException(0, String.format("bad LZ4 frame magic 0x%08X (expected 0x%08X)", magic, MAGIC));
    }
    p += 4;
    int descStart = p;
    int flg = src[p++] & 0xFF;
    int bd = src[p++] & 0xFF;
    if ((flg >>> 6) != 1) {
      throw new CompressionException(4, "unsupported LZ4 frame version " + (flg >>> 6) + " (expected 1)");
    }
    boolean independent = (flg & 0x20) != 0;
    boolean blockChecksum = (flg & 0x10) != 0;
    boolean hasContentSize = (flg & 0x08) != 0;
    boolean contentChecksum = (flg & 0x04) != 0;
    boolean hasDictId = (flg & 0x01) != 0;
    int sizeId = (bd >>> 4) & 0x7;
    if (sizeId < 4 || (bd & 0x8F) != 0 || (flg & 0x02) != 0) {
      throw new CompressionException(5, String.format("bad LZ4 frame descriptor FLG 0x%02X BD 0x%02X", flg, bd));
    }
    int blockMax = 1 << (8 + 2 * sizeId);
    long contentSize = -1;
    int extra = (hasContentSize ? 8 : 0) + (hasDictId ? 4 : 0);
    if (end - p < extra + 1) {
      throw new CompressionException(p - off, "truncated LZ4 frame header");
    }
    if (hasContentSize) {
      contentSize = FlatBufferView.getLong(src, p);
      p += 8;
      if (contentSize < 0 || contentSize > maxOutput) {
        throw new CompressionException(6, "LZ4 content size " + contentSize + " exceeds the limit of " + maxOutput
            + " bytes");
      }
    }
    if (hasDictId) {
      throw new CompressionException(p - off, "LZ4 frame needs an external dictionary (dictID set); unsupported");
    }
    int hc = src[p] & 0xFF;
    int expectHc = (xxh.hash(src, descStart, p - descStart, 0) >>> 8) & 0xFF;
    if (hc != expectHc) {
      throw new CompressionException(p - off, String.format("LZ4 frame header checksum 0x%02X, expected 0x%02X",
          hc, expectHc));
    }
    p++;
    if (contentSize >= 0) {
      ensure((int) contentSize);
    }
    int n = 0;
    while (true) {
      if (end - p < 4) {
        throw new CompressionException(p - off, "truncated LZ4 frame: missing block size or end mark");
      }
      int word = FlatBufferView.getInt(src, p);
      int blockStart = p - off;
      p += 4;
      if (word == 0) {
        break;
      }
      boolean stored = (word & 0x80000000) != 0;
      int size = word & 0x7FFFFFFF;
      if (size > blockMax || size > end - p) {
        throw new CompressionException(blockStart, "LZ4 block of " + size + " bytes exceeds "
            + (size > blockMax ? "the frame's block maximum " + blockMax : "the " + (end - p) + " bytes left"));
      }
      if (blockChecksum) {
        if (end - p - size < 4) {
          throw new CompressionException(blockStart, "truncated LZ4 block checksum");
        }
        int want = FlatBufferView.getInt(src, p + size);
        if (xxh.hash(src, p, size, 0) != want) {
          throw new CompressionException(blockStart, "LZ4 block checksum mismatch");
        }
      }
      int room = stored ? size : Math.min(blockMax, maxOutput - n);
      if (stored ? size > maxOutput - n : room <= 0) {
        throw new CompressionException(blockStart, "LZ4 frame decompresses to more than the limit of " + maxOutput
            + " bytes");
      }
      ensure(n + room);
      if (stored) {
        System.arraycopy(src, p, out, n, size);
        n += size;
      } else if (independent || n == 0) {
        try {
          n += lz4.decompress(src, p, size, out, n, room);
        } catch (LZ4Exception e) {
          // lz4-java names an index into the array it was given, which depends on where the bytes sit in memory
          throw new CompressionException(blockStart, "corrupt LZ4 block: "
              + String.valueOf(e.getMessage()).replaceAll("offset -?\\d+ of input buffer", "the block"), e);
        }
      } else {
        n = decodeBlock(src, p, p + size, out, n, n + room, 0, blockStart);
      }
      p += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) {
      if (end - p < 4) {
        throw new CompressionException(p - off, "truncated LZ4 content checksum");
      }
      int want = FlatBufferView.getInt(src, p);
      if (xxh.hash(out, 0, n, 0) != want) {
        throw new CompressionException(p - off, "LZ4 content checksum mismatch");
      }
      p += 4;
    }
    if (contentSize >= 0 && contentSize != n) {
      throw new CompressionException(p - off, "LZ4 frame declares " + contentSize + " bytes but decodes to " + n);
    }
    if (p != end) {
      throw new CompressionException(p - off, (end - p) + " unexpected bytes after the LZ4 frame end mark");
    }
    return n;
  }

  private void ensure(int n) {
    if (out.length < n) {
      byte[] bigger = new byte[Math.max(n, Math.min(maxOutput, out.length * 2))];
      System.arraycopy(out, 0, bigger, 0, out.length);
      out = bigger;
    }
  }

  /**
   * Decodes one raw LZ4 block {@code src[sp, sEnd)} into {@code dst} at {@code dp}, writing at most up to
   * {@code dEnd}; matches may reference output back to {@code windowStart} (the linked-block prefix).
   *
   * @param blockOffset offset of the block in the frame, for error messages
   * @return the new output position
   */
  static int decodeBlock(byte[] src, int sp, int sEnd, byte[] dst, int dp, int dEnd, int windowStart,
      int blockOffset) throws CompressionException {
    while (true) {
      if (sp >= sEnd) {
        throw malformed(blockOffset, "block ends before its last literals");
      }
      int token = src[sp++] & 0xFF;
      int lit = token >>> 4;
      if (lit == 15) {
        int b;
        do {
          if (sp >= sEnd) {
            throw malformed(blockOffset, "literal length runs past the block");
          }
          b = src[sp++] & 0xFF;
          lit += b;
          if (lit > sEnd) {
            throw malformed(blockOffset, "literal length exceeds the block");
          }
        } while (b == 255);
      }
      if (lit > sEnd - sp || lit > dEnd - dp) {
        throw malformed(blockOffset, "literal run of " + lit + " bytes overflows the block or output");
      }
      System.arraycopy(src, sp, dst, dp, lit);
      sp += lit;
      dp += lit;
      if (sp == sEnd) {
        return dp;
      }
      if (sEnd - sp < 2) {
        throw malformed(blockOffset, "truncated match offset");
      }
      int moff = (src[sp] & 0xFF) | ((src[sp + 1] & 0xFF) << 8);
      sp += 2;
      if (moff == 0 || dp - moff < windowStart) {
        throw malformed(blockOffset, "match offset " + moff + " reaches before the frame's output");
      }
      int ml = token & 15;
      if (ml == 15) {
        int b;
        do {
          if (sp >= sEnd) {
            throw malformed(blockOffset, "match length runs past the block");
          }
          b = src[sp++] & 0xFF;
          ml += b;
          if (ml > dEnd) {
            throw malformed(blockOffset, "match length exceeds the output");
          }
        } while (b == 255);
      }
      ml += 4;
      if (ml > dEnd - dp) {
        throw malformed(blockOffset, "match of " + ml + " bytes overflows the output");
      }
      int m = dp - moff;
      if (moff >= ml) {
        System.arraycopy(dst, m, dst, dp, ml);
        dp += ml;
      } else {
        for (int i = 0; i < ml; i++) {
          dst[dp++] = dst[m++];
        }
      }
    }
  }

  private static CompressionException malformed(int blockOffset, String what) {
    return new CompressionException(blockOffset, "corrupt LZ4 block: " + what);
  }
}
