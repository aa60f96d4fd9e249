package org.neurospark.events.format.aedat3;

/** Generated AEDAT 3.1 files for tests outside this package. */
public final class Aedat3Fixtures {
  private Aedat3Fixtures() {}

  /** Polarity packets mixed with special, IMU and frame packets, overflow epochs, an invalid event (CRLF header). */
  public static byte[] mixed() {
    return Aedat3ReaderTest.mixed("\r\n");
  }
}
