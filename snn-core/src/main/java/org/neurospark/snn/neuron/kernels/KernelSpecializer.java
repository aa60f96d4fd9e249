package org.neurospark.snn.neuron.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.neurospark.snn.neuron.dynamics.NeuronSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profile splitting for the fused kernels: defines one hidden-class copy of {@link KernelLoops} per (charge
 * function class, surrogate class) and hands out its {@code forward}/{@code backward} handles. Each copy collects
 * its own JIT type profile, so the dynamics calls stay monomorphic and inlined even when many neuron models run in
 * one JVM (tests, mixed networks). Falls back to {@link KernelLoops} itself if a copy cannot be defined.
 */
final class KernelSpecializer {
  private static final Logger LOG = LoggerFactory.getLogger(KernelSpecializer.class);
  static final MethodType FORWARD = MethodType.methodType(double.class, NeuronSpec.class, int.class, int.class,
      float[].class, float[].class, float[].class, float[].class, float[].class, float[].class, int.class,
      int.class);
  static final MethodType BACKWARD = MethodType.methodType(double.class, NeuronSpec.class, int.class, int.class,
      float[].class, float[].class, float[].class, float[].class, float[].class, float[].class, float[].class,
      float[].class, int.class, int.class);

  /** The two loop entry points of one copy, and the class holding them. */
  static final class Loops {
    final MethodHandle forward;
    final MethodHandle backward;
    final Class<?> owner;

    Loops(MethodHandle forward, MethodHandle backward, Class<?> owner) {
      this.forward = forward;
      this.backward = backward;
      this.owner = owner;
    }
  }

  private static final ConcurrentHashMap<List<Class<?>>, Loops> CACHE = new ConcurrentHashMap<>();
  private static volatile byte[] bytecode;

  private KernelSpecializer() {}

  static Loops loops(NeuronSpec spec) {
    return CACHE.computeIfAbsent(List.of(spec.charge().getClass(), spec.surrogate().getClass()),
        k -> define());
  }

  private static Loops define() {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      byte[] b = bytecode();
      MethodHandles.Lookup hidden = lookup.defineHiddenClass(b, true);
      Class<?> c = hidden.lookupClass();
      return new Loops(hidden.findStatic(c, "forward", FORWARD), hidden.findStatic(c, "backward", BACKWARD), c);
    } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("kernel specialization unavailable, using the shared loops: {}", e.toString());
      try {
        return new Loops(lookup.findStatic(KernelLoops.class, "forward", FORWARD),
            lookup.findStatic(KernelLoops.class, "backward", BACKWARD), KernelLoops.class);
      } catch (ReflectiveOperationException e2) {
        throw new IllegalStateException("kernel loops not found", e2);
      }
    }
  }

  private static byte[] bytecode() throws IOException {
    byte[] b = bytecode;
    if (b == null) {
      try (InputStream in = KernelLoops.class.getResourceAsStream("KernelLoops.class")) {
        if (in == null) {
          throw new IOException("KernelLoops.class not found on the class path");
        }
        b = in.readAllBytes();
      }
      bytecode = b;
    }
    return b;
  }
}
