package org.neurospark.spark.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content checksums of recordings: {@code "sha256:<64 hex digits>"} of the file's bytes. */
public final class Checksums {
  private Checksums() {}

  /** SHA-256 of {@code bytes[off..off+len)}, in the same form as {@link #of(String)}. */
  public static String of(byte[] bytes, int off, int len) {
    MessageDigest md = sha256();
    md.update(bytes, off, len);
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  /** SHA-256 of the file at {@code location}, read through {@link RecordingOpener#openRaw}. */
  public static String of(String location) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = RecordingOpener.openRaw(location)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }
}
