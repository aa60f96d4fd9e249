package org.neurospark.events.format.mat;

/** The event layouts {@link MatEventReader} recognises inside a MAT-file, by variable names. */
public enum MatLayout {
  /**
   * ASL-DVS: column (or row) vectors {@code ts} (µs), {@code x}, {@code y}, {@code pol} (0/1) of equal length, any
   * numeric class; DAVIS240C sensor 240 × 180.
   */
  ASL_DVS(240, 180),
  /**
   * ST-MNIST: one matrix {@code spiketrain} of 101 × N doubles; column j is one time step: rows 0..99 are the
   * taxel values −1/0/+1 (address a → x = a % 10, y = a / 10), row 100 the time in seconds. Sensor 10 × 10 taxels.
   */
  ST_MNIST(10, 10);

  private final int width;
  private final int height;

  MatLayout(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** Sensor width in pixels (columns). */
  public int width() {
    return width;
  }

  /** Sensor height in pixels (rows). */
  public int height() {
    return height;
  }
}
