package org.neurospark.events.format.aedat4;

/**
 * AEDAT 4.0 packet compression (the IOHeader's {@code compression} enum). The "high" variants only change the
 * encoder's effort; they decode exactly like their base codec.
 */
public enum Compression {
  /** Packet bodies are stored as is. */
  NONE(0),
  /** Each packet body is one LZ4 frame (LZ4F, magic 04 22 4D 18). */
  LZ4(1),
  /** LZ4 frame, high-compression encoder. */
  LZ4_HIGH(2),
  /** Each packet body is one Zstandard frame (magic 28 B5 2F FD). */
  ZSTD(3),
  /** Zstandard frame, high-compression encoder. */
  ZSTD_HIGH(4);

  private final int code;

  Compression(int code) {
    this.code = code;
  }

  /** The value stored in the IOHeader. */
  public int code() {
    return code;
  }

  /** True for {@link #LZ4} and {@link #LZ4_HIGH}. */
  public boolean isLz4() {
    return this == LZ4 || this == LZ4_HIGH;
  }

  /** True for {@link #ZSTD} and {@link #ZSTD_HIGH}. */
  public boolean isZstd() {
    return this == ZSTD || this == ZSTD_HIGH;
  }

  /** The compression with IOHeader value {@code code}, or null when unknown. */
  public static Compression fromCode(int code) {
    for (Compression c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }
}
