package org.neurospark.spark.tables;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for {@link EventsFileWriter}, as the Parquet format defines the codecs: UNCOMPRESSED, SNAPPY (one
 * raw Snappy block per page, snappy-java) or ZSTD (one zstd frame per page, zstd-jni), called directly on the page's
 * bytes (Parquet's Hadoop codec classes stream through extra copies). Stateless; one instance per writer.
 */
public final class PageCodec implements BytesInputCompressor {
  /** zstd level Spark's Parquet writer uses by default. */
  public static final int ZSTD_LEVEL = 3;

  private final CompressionCodecName codec;

  private PageCodec(CompressionCodecName codec) {
    this.codec = codec;
  }

  /**
   * The codec named as Spark names it ({@code spark.sql.parquet.compression.codec}: {@code none},
   * {@code uncompressed}, {@code snappy}, {@code zstd}).
   *
   * @throws IllegalArgumentException for any other codec
   */
  public static PageCodec named(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "none":
      case "uncompressed":
        return new PageCodec(CompressionCodecName.UNCOMPRESSED);
      case "snappy":
        return new PageCodec(CompressionCodecName.SNAPPY);
      case "zstd":
        return new PageCodec(CompressionCodecName.ZSTD);
      default:
        throw new IllegalArgumentException("the events writer supports the Parquet codecs uncompressed, snappy and "
            + "zstd, not '" + name + "' (spark.sql.parquet.compression.codec)");
    }
  }

  /** The file-name extension Spark uses for this codec ({@code .snappy}, {@code .zstd}, or empty). */
  public String extension() {
    return codec == CompressionCodecName.UNCOMPRESSED ? "" : codec.getExtension();
  }

  @Override
  public BytesInput compress(BytesInput bytes) throws IOException {
    if (codec == CompressionCodecName.UNCOMPRESSED) {
      return bytes;
    }
    ByteBuffer in = bytes.toByteBuffer();
    byte[] src;
    int off;
    int len = in.remaining();
    if (in.hasArray()) {
      src = in.array();
      off = in.arrayOffset() + in.position();
    } else {
      src = bytes.toByteArray();
      off = 0;
    }
    if (codec == CompressionCodecName.SNAPPY) {
      byte[] out = new byte[Snappy.maxCompressedLength(len)];
      int n = Snappy.compress(src, off, len, out, 0);
      return BytesInput.from(out, 0, n);
    }
    byte[] out = new byte[(int) Zstd.compressBound(len)];
    long n = Zstd.compressByteArray(out, 0, out.length, src, off, len, ZSTD_LEVEL);
    if (Zstd.isError(n)) {
      throw new IOException("zstd: " + Zstd.getErrorName(n));
    }
    return BytesInput.from(out, 0, (int) n);
  }

  @Override
  public CompressionCodecName getCodecName() {
    return codec;
  }

  @Override
  public void release() {}
}
