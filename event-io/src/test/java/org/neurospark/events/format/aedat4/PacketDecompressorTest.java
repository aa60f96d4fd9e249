package org.neurospark.events.format.aedat4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import org.junit.jupiter.api.Test;

/** Codec paths the real fixture does not reach: checksums, content sizes, unknown zstd sizes, corruption. */
class PacketDecompressorTest {
  static byte[] payload(int n) {
    byte[] d = new byte[n];
    long s = 7;
    for (int i = 0; i < n; i++) {
      s = s * 6364136223846793005L + 1442695040888963407L;
      d[i] = (byte) (i % 97 < 60 ? i % 13 : (s >>> 56)); // compressible with some noise
    }
    return d;
  }

  static byte[] lz4(byte[] data, FLG.Bits... bits) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (LZ4FrameOutputStream o = new LZ4FrameOutputStream(bos, BLOCKSIZE.SIZE_64KB, data.length, bits)) {
      o.write(data);
    }
    return bos.toByteArray();
  }

  @Test
  void lz4WithContentSizeAndChecksumsDecodesAndDetectsCorruption() throws Exception {
    byte[] data = payload(300_000); // five 64 KB blocks
    byte[] frame = lz4(data, FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_CHECKSUM,
        FLG.Bits.CONTENT_SIZE);
    try (PacketDecompressor d = new PacketDecompressor(Compression.LZ4_HIGH, 1 << 20)) {
      int n = d.decompress(frame, 0, frame.length);
      assertEquals(data.length, n);
      assertArrayEquals(data, Arrays.copyOfRange(d.buffer(), d.bufferOffset(), n));
      // a flipped byte inside a block: the block checksum catches it
      byte[] bad = frame.clone();
      bad[frame.length / 2] ^= 0x10;
      CompressionException e = assertThrows(CompressionException.class, () -> d.decompress(bad, 0, bad.length));
      assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("corrupt"), e.getMessage());
      // trailing garbage after the end mark
      byte[] longer = Arrays.copyOf(frame, frame.length + 3);
      e = assertThrows(CompressionException.class, () -> d.decompress(longer, 0, longer.length));
      assertTrue(e.getMessage().contains("after the LZ4 frame end mark"), e.getMessage());
      // truncated frame
      e = assertThrows(CompressionException.class, () -> d.decompress(frame, 0, frame.length - 10));
      assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
    }
    // output over the limit
    try (PacketDecompressor small = new PacketDecompressor(Compression.LZ4, 100_000)) {
      CompressionException e = assertThrows(CompressionException.class,
          () -> small.decompress(frame, 0, frame.length));
      assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }
  }

  @Test
  void zstdWithoutDeclaredContentSizeGrowsTheBuffer() throws Exception {
    byte[] data = payload(500_000);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(bos, 3)) {
      z.write(data); // streaming: the frame does not declare its content size
    }
    byte[] frame = bos.toByteArray();
    assertEquals(-1, com.github.luben.zstd.Zstd.getFrameContentSize(frame, 0, frame.length));
    try (PacketDecompressor d = new PacketDecompressor(Compression.ZSTD_HIGH, 1 << 20)) {
      int n = d.decompress(frame, 0, frame.length);
      assertEquals(data.length, n);
      assertArrayEquals(data, Arrays.copyOfRange(d.buffer(), d.bufferOffset(), n));
      // truncated frame (without a content checksum, zstd cannot detect every flipped byte; a cut it can)
      CompressionException e = assertThrows(CompressionException.class,
          () -> d.decompress(frame, 0, frame.length - 5));
      assertTrue(e.getMessage().contains("zstd"), e.getMessage());
      byte[] notZstd = frame.clone();
      notZstd[0] = 0;
      e = assertThrows(CompressionException.class, () -> d.decompress(notZstd, 0, notZstd.length));
      assertTrue(e.getMessage().contains("bad zstd frame magic"), e.getMessage());
    }
    try (PacketDecompressor small = new PacketDecompressor(Compression.ZSTD, 200_000)) {
      assertThrows(CompressionException.class, () -> small.decompress(frame, 0, frame.length));
    }
  }
}
