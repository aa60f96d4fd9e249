package org.neurospark.events.format.mat;

/** Generated MAT-files for tests outside this package. */
public final class MatFixtures {
  private MatFixtures() {}

  /**
   * An ASL-DVS MAT-file of {@code n} random events (seeded), variables ts, x, y, pol stored as MATLAB narrows them.
   *
   * @param compressed wrap each variable in an miCOMPRESSED (zlib) element
   */
  public static byte[] aslDvs(int n, long seed, boolean compressed) {
    return AslDvsMatTest.asl(AslDvsMatTest.Ev.random(n, seed), AslDvsMatTest.ENCODINGS[1], false, compressed);
  }
}
