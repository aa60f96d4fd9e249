package org.neurospark.events.transform;

/**
 * Sensor size in pixels: {@code width} columns (x ∈ [0, width)) and {@code height} rows (y ∈ [0, height)).
 * {@link #UNKNOWN} (0 x 0) means the file did not declare it; transforms that need it refuse to run then.
 */
public record SensorSize(int width, int height) {
  /** Size not declared. */
  public static final SensorSize UNKNOWN = new SensorSize(0, 0);

  public SensorSize {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative sensor size " + width + " x " + height);
    }
  }

  /** True when both dimensions are positive. */
  public boolean known() {
    return width > 0 && height > 0;
  }

  /** Throws unless the size is known; {@code who} names the transform needing it. */
  public SensorSize require(String who) {
    if (!known()) {
      throw new IllegalArgumentException(who + " needs the sensor size, which the file does not declare (CLI: --sensor WxH or --width/--height)");
    }
    return this;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
