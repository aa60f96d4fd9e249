package org.neurospark.snn.conformance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a golden-case index: its kind ({@code surrogate}, {@code neuron}, {@code network}, ...), name (for
 * surrogates the constructor string {@code Name(param=value,...)}), constructor parameters (nullable), golden file
 * names by role ({@code x}, {@code spike}, {@code grad_x}, ...) and the declared input shape (nullable).
 */
public final class ConformanceCase {
  private final String kind;
  private final String name;
  private final Map<String, Object> params;
  private final Map<String, String> files;
  private final int[] shape;

  public ConformanceCase(String kind, String name, Map<String, Object> params, Map<String, String> files,
      int[] shape) {
    this.kind = kind;
    this.name = name;
    this.params = params == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    this.shape = shape == null ? null : shape.clone();
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  /** Constructor parameters, or null when the index has none. */
  public Map<String, Object> params() {
    return params;
  }

  public Map<String, String> files() {
    return files;
  }

  /** Declared shape, or null. */
  public int[] shape() {
    return shape == null ? null : shape.clone();
  }
}
