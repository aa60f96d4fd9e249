package org.neurospark.snn.surrogate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * SpikingJelly {@code ATan(alpha=2.0)}: g'(x) = α / (2(1 + (π/2·αx)²)), g(x) = arctan(π/2·αx)/π + 1/2.
 */
public final class ATan extends AlphaSurrogate {
  /** Default shape: alpha = 2.0. */
  public ATan() {
    this(2.0, true);
  }

  public ATan(double alpha, boolean spiking) {
    super(alpha, spiking);
  }

  @Override
  public String name() {
    return "ATan";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new ATan(alpha, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.atanGrad(alpha, x);
  }

  /**
   * {@link VectorMathF#atanGrad} when {@link FastMathF#VECTOR}, else null; a non-constant handle for the reason given
   * at {@code Sigmoid.vectorGrad}.
   */
  private static MethodHandle vectorGrad = FastMathF.VECTOR ? findVectorGrad() : null;

  private static MethodHandle findVectorGrad() {
    try {
      return MethodHandles.lookup().findStatic(VectorMathF.class, "atanGrad", MethodType.methodType(void.class,
          double.class, float[].class, int.class, float.class, float[].class, int.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
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
      v.invokeExact(alpha, x, offset, shift, out, length);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * fp32 path in float32 operations, as SpikingJelly's float32 tensor expression
   * {@code alpha / 2 / (1 + (math.pi / 2 * alpha * x).pow_(2))} computes it (scalars rounded to float32).
   */
  @Override
  public float gradF(float x) {
    return SurrogateMath.atanGradF(alpha, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.atanPrimitive(alpha, x);
  }
}
