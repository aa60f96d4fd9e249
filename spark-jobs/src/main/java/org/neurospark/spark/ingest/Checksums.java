package org.neurospark.spark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Content checksums of recordings, for noticing a file whose content changed while its size and modification time
 * did not. Written as {@code "<algorithm>:<hex digits>"}:
 *
 * <ul>
 *   <li>{@code crc32c+crc32:<16 hex>} (what ingest writes): the CRC-32C (Castagnoli) of the file's bytes, then their
 *       CRC-32 (ISO-HDLC, as {@code java.util.zip.CRC32}), 8 hex digits each, big-endian. Two CRCs over different
 *       generator polynomials: 64 check bits; each alone catches every burst error of up to 32 bits, and together
 *       they miss a random change with a probability of about 2<sup>−64</sup>. Both run as JDK intrinsics (tens of
 *       GB/s), where SHA-256 took about 12% of ingest's task CPU at 1.8 GB/s. Not a cryptographic digest: it guards against accidents, not adversaries.
 *   <li>{@code sha256:<64 hex>}: what ingest wrote before; tables that hold it are verified with it
 *       ({@link #of(String, String)}), so an upgrade re-ingests nothing.
 * </ul>
 */
public final class Checksums {
  /** The algorithm new checksums use. */
  public static final String CRC = "crc32c+crc32";
  /** The algorithm of checksums written by earlier versions. */
  public static final String SHA256 = "sha256";

  private Checksums() {}

  /** The checksum of {@code bytes[off..off+len)} in the current algorithm ({@link #CRC}). */
  public static String of(byte[] bytes, int off, int len) {
    Digest d = new Digest(CRC);
    d.update(bytes, off, len);
    return d.finish();
  }

  /** The checksum of the file at {@code location} (read through {@link RecordingOpener#openRaw}), {@link #CRC}. */
  public static String of(String location) throws IOException {
    return of(location, CRC);
  }

  /**
   * The checksum of the file at {@code location} in the algorithm of {@code like} (a checksum as this class writes
   * them, or just its algorithm name), to compare with it.
   *
   * @throws IllegalArgumentException when the algorithm is neither {@link #CRC} nor {@link #SHA256}
   */
  public static String of(String location, String like) throws IOException {
    Digest d = new Digest(algorithm(like));
    byte[] buf = new byte[1 << 16];
    try (InputStream in = RecordingOpener.openRaw(location)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return d.finish();
  }

  /** The algorithm of {@code checksum} (the part before ':', or all of it). */
  static String algorithm(String checksum) {
    int colon = checksum.indexOf(':');
    String a = colon < 0 ? checksum : checksum.substring(0, colon);
    if (!a.equals(CRC) && !a.equals(SHA256)) {
      throw new IllegalArgumentException("unknown checksum algorithm '" + a + "' (known: " + CRC + ", " + SHA256
          + ")");
    }
    return a;
  }

  /** A running checksum of one algorithm. */
  private static final class Digest {
    private final CRC32C crc32c;
    private final CRC32 crc32;
    private final MessageDigest sha;

    Digest(String algorithm) {
      if (algorithm.equals(SHA256)) {
        crc32c = null;
        crc32 = null;
        try {
          sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("JDK without SHA-256", e);
        }
      } else {
        crc32c = new CRC32C();
        crc32 = new CRC32();
        sha = null;
      }
    }

    void update(byte[] b, int off, int len) {
      if (sha != null) {
        sha.update(b, off, len);
      } else {
        crc32c.update(b, off, len);
        crc32.update(b, off, len);
      }
    }

    String finish() {
      if (sha != null) {
        return SHA256 + ":" + HexFormat.of().formatHex(sha.digest());
      }
      return CRC + ":" + HexFormat.of().toHexDigits((int) crc32c.getValue()) + HexFormat.of().toHexDigits(
          (int) crc32.getValue());
    }
  }
}
