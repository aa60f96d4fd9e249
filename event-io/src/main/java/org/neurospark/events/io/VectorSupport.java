package org.neurospark.events.io;

/**
 * Whether the readers decode with the JDK Vector API: true when the incubator module is present (JVM flag
 * {@code --add-modules jdk.incubator.vector}, which {@code bin/neurospark} passes) and not disabled with
 * {@code -Dneurospark.vector=false}. Without it every reader runs its plain-Java loop, which decodes the same events;
 * only the speed differs. Decided once when the class loads (an immutable fact about the JVM, not state).
 */
public final class VectorSupport {
  private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("neurospark.vector", "true"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorSupport() {}

  /** True when the readers' vector loops run in this JVM. */
  public static boolean enabled() {
    return ENABLED;
  }
}
