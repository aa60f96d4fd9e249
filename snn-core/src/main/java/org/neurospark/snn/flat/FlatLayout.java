package org.neurospark.snn.flat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a {@link ParameterVector} as data: an ordered list of {@link FlatEntry} (name, kind, shape, offset,
 * length) over two sections — {@link #floatCount()} float32 values and {@link #counterCount()} 64-bit integer
 * counters. Deterministic: built from the model's registration order (see {@link ParameterVector} for the exact
 * rule), so the same model definition gives the same layout in every JVM and run. Immutable and
 * {@link Serializable}; equal layouts are what vectors must share to be averaged or copied into a model.
 */
public final class FlatLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<FlatEntry> entries;
  private final int floatCount;
  private final int counterCount;

  /** A layout of these entries; offsets must tile each section in list order from 0. */
  public FlatLayout(List<FlatEntry> entries) {
    long f = 0;
    long c = 0;
    Map<String, Boolean> names = new LinkedHashMap<>();
    for (FlatEntry e : entries) {
      if (names.put(e.name(), Boolean.TRUE) != null) {
        throw new IllegalArgumentException("duplicate entry '" + e.name() + "'");
      }
      long expect = e.kind().isCounter() ? c : f;
      if (e.offset() != expect) {
        throw new IllegalArgumentException("entry '" + e.name() + "' starts at " + e.offset() + ", expected "
            + expect);
      }
      if (e.kind().isCounter()) {
        c += e.length();
      } else {
        f += e.length();
      }
    }
    if (f > Integer.MAX_VALUE - 8 || c > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("layout too large for one array: " + f + " floats, " + c + " counters");
    }
    this.entries = List.copyOf(entries);
    this.floatCount = (int) f;
    this.counterCount = (int) c;
  }

  /** Entries in layout order. */
  public List<FlatEntry> entries() {
    return entries;
  }

  /** Entries of one kind, in layout order. */
  public List<FlatEntry> entries(FlatKind kind) {
    List<FlatEntry> out = new ArrayList<>();
    for (FlatEntry e : entries) {
      if (e.kind() == kind) {
        out.add(e);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The entry with this name, or null. */
  public FlatEntry entry(String name) {
    for (FlatEntry e : entries) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** Elements in the float32 section. */
  public int floatCount() {
    return floatCount;
  }

  /** Elements in the counter section. */
  public int counterCount() {
    return counterCount;
  }

  /** Bytes of {@link ParameterVector#toByteBuffer()}: 4 per float, 8 per counter. */
  public long byteSize() {
    return 4L * floatCount + 8L * counterCount;
  }

  /** One line per entry ({@code name kind [shape] @offset+length}), the layout as text. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (FlatEntry e : entries) {
      b.append(e).append('\n');
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlatLayout l && entries.equals(l.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "FlatLayout(" + entries.size() + " entries, " + floatCount + " floats, " + counterCount + " counters)";
  }
}
