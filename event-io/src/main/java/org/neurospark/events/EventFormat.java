package org.neurospark.events;

import java.util.Locale;

/** The event file formats Neurospark reads. {@link #id()} is the stable name used in CLI flags and JSON. */
public enum EventFormat {
  /** jAER AEDAT 2.0 (and 1.0): big-endian 32-bit address + 32-bit timestamp words after a '#' text header. */
  AEDAT2("aedat2"),
  /** cAER AEDAT 3.1: packet stream with 28-byte packet headers (DVS128 Gesture). */
  AEDAT3("aedat3"),
  /** DV AEDAT 4.0: flatbuffer packets, optionally LZ4/ZSTD compressed. */
  AEDAT4("aedat4"),
  /** N-MNIST / N-Caltech101 ATIS 40-bit records. */
  ATIS_BIN("atis_bin"),
  /** Prophesee RAW EVT 2.0 (32-bit words). */
  EVT2("evt2"),
  /** Prophesee RAW EVT 3.0 (16-bit vectorised words). */
  EVT3("evt3"),
  /** Prophesee / Chronocam DAT (TD events, 8 bytes each). */
  DAT("dat"),
  /** NumPy .npz archive with arrays t, x, y, p (SpikingJelly / tonic caches). */
  NPZ("npz"),
  /** NumPy .npy structured array with fields t, x, y, p. */
  NPY("npy"),
  /** Arrow IPC file with the Neurospark event schema ({@code events convert --to arrow}). */
  ARROW("arrow"),
  /** Parquet file with the Neurospark event schema ({@code events convert --to parquet}). */
  PARQUET("parquet"),
  /** MATLAB Level-5 .mat (v5/v6/v7) with ASL-DVS vectors ts, x, y, pol or an ST-MNIST spiketrain matrix. */
  MAT("mat");

  private final String id;

  EventFormat(String id) {
    this.id = id;
  }

  /** Stable lowercase name, e.g. {@code "atis_bin"}. */
  public String id() {
    return id;
  }

  /** Parses a stable name ({@link #id()}), case-insensitively. */
  public static EventFormat fromId(String id) {
    String s = id.toLowerCase(Locale.ROOT);
    for (EventFormat f : values()) {
      if (f.id.equals(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown event format '" + id + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
