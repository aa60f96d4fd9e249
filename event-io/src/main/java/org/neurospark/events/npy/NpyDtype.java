package org.neurospark.events.npy;

import java.nio.ByteOrder;

/**
 * A NumPy scalar dtype as written in a {@code .npy} header's {@code descr} string: kind, item size in bytes and byte
 * order. Supported: {@code b1} (bool), {@code i1 u1 i2 u2 i4 u4 i8 u8} (integers), {@code f4 f8} (IEEE floats) and
 * {@code V<n>} (opaque bytes, e.g. structure padding), little ({@code <}) or big ({@code >}) endian; {@code |} (not
 * applicable) for one-byte types and {@code =} (native, little-endian on every supported JVM platform).
 *
 * @param kind what the bytes mean
 * @param size bytes per element
 * @param bigEndian true for {@code >} (only meaningful when {@code size > 1})
 */
public record NpyDtype(Kind kind, int size, boolean bigEndian) {

  /** The value kinds. */
  public enum Kind {
    /** {@code b1}: one byte, 0 = False, anything else True. */
    BOOL('b'),
    /** Signed two's-complement integer. */
    INT('i'),
    /** Unsigned integer. */
    UINT('u'),
    /** IEEE 754 binary float. */
    FLOAT('f'),
    /** Opaque bytes ({@code V<n>}), e.g. padding inside a structured dtype. */
    VOID('V');

    final char code;

    Kind(char code) {
      this.code = code;
    }
  }

  public static final NpyDtype BOOL = new NpyDtype(Kind.BOOL, 1, false);
  public static final NpyDtype INT8 = new NpyDtype(Kind.INT, 1, false);
  public static final NpyDtype UINT8 = new NpyDtype(Kind.UINT, 1, false);
  public static final NpyDtype INT16 = new NpyDtype(Kind.INT, 2, false);
  public static final NpyDtype UINT16 = new NpyDtype(Kind.UINT, 2, false);
  public static final NpyDtype INT32 = new NpyDtype(Kind.INT, 4, false);
  public static final NpyDtype UINT32 = new NpyDtype(Kind.UINT, 4, false);
  public static final NpyDtype INT64 = new NpyDtype(Kind.INT, 8, false);
  public static final NpyDtype UINT64 = new NpyDtype(Kind.UINT, 8, false);
  public static final NpyDtype FLOAT32 = new NpyDtype(Kind.FLOAT, 4, false);
  public static final NpyDtype FLOAT64 = new NpyDtype(Kind.FLOAT, 8, false);

  public NpyDtype {
    if (kind == null) {
      throw new IllegalArgumentException("kind");
    }
    boolean ok = switch (kind) {
      case BOOL -> size == 1;
      case INT, UINT -> size == 1 || size == 2 || size == 4 || size == 8;
      case FLOAT -> size == 4 || size == 8;
      case VOID -> size > 0;
    };
    if (!ok) {
      throw new IllegalArgumentException("unsupported dtype " + kind + " of " + size + " bytes");
    }
    if (size == 1 || kind == Kind.VOID) {
      bigEndian = false;
    }
  }

  /**
   * Parses a descr string such as {@code "<i4"}, {@code "|u1"}, {@code ">f8"}, {@code "|b1"}, {@code "?"},
   * {@code "|V3"}.
   *
   * @throws IllegalArgumentException for anything else (complex, datetime, strings, objects, f2, ...)
   */
  public static NpyDtype parse(String descr) {
    String s = descr.trim();
    if (s.equals("?") || s.equals("|?") || s.equals("bool")) {
      return BOOL;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty dtype descr");
    }
    boolean big = false;
    char c0 = s.charAt(0);
    if (c0 == '<' || c0 == '|' || c0 == '=') {
      s = s.substring(1);
    } else if (c0 == '>' || c0 == '!') {
      big = true;
      s = s.substring(1);
    }
    if (s.length() < 2) {
      throw new IllegalArgumentException("unsupported dtype descr '" + descr + "'");
    }
    Kind kind = switch (s.charAt(0)) {
      case 'b', '?' -> Kind.BOOL;
      case 'i' -> Kind.INT;
      case 'u' -> Kind.UINT;
      case 'f' -> Kind.FLOAT;
      case 'V' -> Kind.VOID;
      default -> throw new IllegalArgumentException("unsupported dtype descr '" + descr
          + "' (supported: bool, i1..i8, u1..u8, f4, f8, V<n>)");
    };
    int size;
    try {
      size = Integer.parseInt(s.substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unsupported dtype descr '" + descr + "'");
    }
    try {
      return new NpyDtype(kind, size, big);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unsupported dtype descr '" + descr + "': " + e.getMessage());
    }
  }

  /** The descr string NumPy writes for this dtype, e.g. {@code "<f4"} or {@code "|u1"}. */
  public String descr() {
    char order = size == 1 || kind == Kind.VOID ? '|' : bigEndian ? '>' : '<';
    return "" + order + kind.code + size;
  }

  /** Byte order of multi-byte elements. */
  public ByteOrder order() {
    return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  /** True for bool and the integer kinds. */
  public boolean isIntegral() {
    return kind == Kind.BOOL || kind == Kind.INT || kind == Kind.UINT;
  }

  /** True for f4/f8. */
  public boolean isFloat() {
    return kind == Kind.FLOAT;
  }

  /** Short human name such as {@code int16} or {@code float32 (big-endian)}. */
  public String displayName() {
    String base = switch (kind) {
      case BOOL -> "bool";
      case INT -> "int" + size * 8;
      case UINT -> "uint" + size * 8;
      case FLOAT -> "float" + size * 8;
      case VOID -> "void" + size;
    };
    return bigEndian && size > 1 ? base + " (big-endian)" : base;
  }

  @Override
  public String toString() {
    return descr();
  }
}
