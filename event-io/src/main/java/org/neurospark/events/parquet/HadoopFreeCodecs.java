package org.neurospark.events.parquet;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop. Parquet's own {@code CodecFactory} goes through Hadoop's
 * {@code CompressionCodec} classes even for codecs it implements itself, so it cannot run from the launcher's
 * Hadoop-free classpath. This factory implements the three codecs event files use, as the Parquet format defines
 * them: UNCOMPRESSED, SNAPPY (one raw Snappy block per page, snappy-java) and ZSTD (one zstd frame per page,
 * zstd-jni).
 */
final class HadoopFreeCodecs implements CompressionCodecFactory {
  /** zstd level for writing (the Parquet/zstd default). */
  static final int ZSTD_LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    check(codec);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        switch (codec) {
          case UNCOMPRESSED:
            return bytes;
          case SNAPPY:
            return BytesInput.from(Snappy.compress(bytes.toByteArray()));
          default:
            return BytesInput.from(Zstd.compress(bytes.toByteArray(), ZSTD_LEVEL));
        }
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    check(codec);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
          return bytes;
        }
        return BytesInput.from(inflate(bytes.toByteArray(), uncompressedSize));
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] in = new byte[compressedSize];
        input.duplicate().get(in);
        output.put(codec == CompressionCodecName.UNCOMPRESSED ? in : inflate(in, uncompressedSize));
      }

      private byte[] inflate(byte[] in, int uncompressedSize) throws IOException {
        byte[] out = new byte[uncompressedSize];
        int n;
        try {
          if (codec == CompressionCodecName.SNAPPY) {
            n = Snappy.uncompress(in, 0, in.length, out, 0);
          } else {
            long r = Zstd.decompressByteArray(out, 0, out.length, in, 0, in.length);
            if (Zstd.isError(r)) {
              throw new IOException("corrupt zstd page: " + Zstd.getErrorName(r));
            }
            n = (int) r;
          }
        } catch (RuntimeException e) {
          throw new IOException("corrupt " + codec + " page: " + e.getMessage(), e);
        }
        if (n != uncompressedSize) {
          throw new IOException(codec + " page decompressed to " + n + " bytes, header says " + uncompressedSize);
        }
        return out;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  private static void check(CompressionCodecName codec) {
    if (codec != CompressionCodecName.UNCOMPRESSED && codec != CompressionCodecName.SNAPPY
        && codec != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException("unsupported Parquet codec " + codec + " (UNCOMPRESSED, SNAPPY, ZSTD)");
    }
  }
}
