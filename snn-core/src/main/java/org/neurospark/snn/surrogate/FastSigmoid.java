package org.neurospark.snn.surrogate;

/**
 * snnTorch {@code surrogate.fast_sigmoid(slope=25)}: forward fires only on x > 0 (strict, snnTorch convention);
 * g'(x) = 1/(1 + k|x|)², primitive g(x) = (kx/(1 + k|x|) + 1)/2 (normalised so g' matches up to the factor k/2).
 */
public final class FastSigmoid extends SnnTorchSurrogate {

  public FastSigmoid() {
    this(25.0, true);
  }

  public FastSigmoid(double slope, boolean spiking) {
    super("slope", slope, spiking);
  }

  @Override
  public String name() {
    return "fast_sigmoid";
  }

  @Override
  public SurrogateFunction withSpiking(boolean spiking) {
    return new FastSigmoid(shape, spiking);
  }

  @Override
  public double grad(double x) {
    return SurrogateMath.fastSigmoidGrad(shape, x);
  }

  @Override
  public double primitive(double x) {
    return SurrogateMath.fastSigmoidPrimitive(shape, x);
  }
}
