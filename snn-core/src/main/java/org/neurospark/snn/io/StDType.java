package org.neurospark.snn.io;

/** Element types of the safetensors format, with their header names and sizes in bytes. */
public enum StDType {
  BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8), I64(8), U64(8),
  F8_E4M3(1), F8_E5M2(1);

  private final int bytes;

  StDType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The dtype for a header name ("F32", ...), or null when unknown. */
  public static StDType parse(String name) {
    for (StDType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }
}
