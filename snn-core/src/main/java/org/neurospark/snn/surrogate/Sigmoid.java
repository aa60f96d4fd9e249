package org.neurospark.snn.surrogate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * SpikingJelly {@code Sigmoid(alpha=4.0)}: g'(x) = α·sig(αx)(1−sig(αx)), g(x) = sig(αx). Default surrogate of every neuron.
 */
public final class Sigmoid extends AlphaSurrogate {
  /** Default shape: alpha = 4.0. */
  public Sigmoid() {
    this(4.0, true);
  }

  public Sigmoid(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "Sigmoid";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new Sigmoid(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.sigmoidGrad(alpha, x);
  }

  /** fp32 path: α·e/(1 + e)² with e = exp(−α|x|) in float32 ({@link FastMathF#exp}), symmetric and overflow-free. */
  @Override
  public float gradF(float x) {
    return SurrogateMath.sigmoidGradF(alpha, x);
  }

  /** Block form of {@link #gradF(float)}: on SIMD lanes when {@link FastMathF#VECTOR}, bit-identical either way. */
  @Override
  public void gradF(float[] x, int offset, float shift, float[] out, int length) {
    MethodHandle v = vectorGrad;
    if (v == null) {
      super.gradF(x, offset, shift, out, length);
      return;
    }
    try {
      v.invokeExact((float) alpha, x, offset, shift, out, length);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@link VectorMathF#sigmoidGrad} when {@link FastMathF#VECTOR}, else null. Deliberately a non-constant handle:
   * the JIT then calls the vector loop as its own compiled method instead of inlining it into the (large) caller,
   * where its many nodes exhausted C2's inlining budget (NodeCountInliningCutoff), leaving the caller's scalar
   * dynamics un-inlined and the vectors boxed (measured 4x slower PLIF backward).
   */
  private static MethodHandle vectorGrad = FastMathF.VECTOR ? findVectorGrad() : null;

  private static MethodHandle findVectorGrad() {
    try {
      return MethodHandles.lookup().findStatic(VectorMathF.class, "sigmoidGrad", MethodType.methodType(void.class,
          float.class, float[].class, int.class, float.class, float[].class, int.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  static float gradF(float a, float x) {
    return SurrogateMath.sigmoidGradF(a, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.sigmoidPrimitive(alpha, x);
  }
}
