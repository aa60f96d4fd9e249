package org.neurospark.snn.neuron.spec;

import static org.neurospark.snn.neuron.spec.Expr.abs;
import static org.neurospark.snn.neuron.spec.Expr.add;
import static org.neurospark.snn.neuron.spec.Expr.atan;
import static org.neurospark.snn.neuron.spec.Expr.cos;
import static org.neurospark.snn.neuron.spec.Expr.derived;
import static org.neurospark.snn.neuron.spec.Expr.div;
import static org.neurospark.snn.neuron.spec.Expr.erfc;
import static org.neurospark.snn.neuron.spec.Expr.exp;
import static org.neurospark.snn.neuron.spec.Expr.fma;
import static org.neurospark.snn.neuron.spec.Expr.ge;
import static org.neurospark.snn.neuron.spec.Expr.gt;
import static org.neurospark.snn.neuron.spec.Expr.le;
import static org.neurospark.snn.neuron.spec.Expr.log;
import static org.neurospark.snn.neuron.spec.Expr.lt;
import static org.neurospark.snn.neuron.spec.Expr.max;
import static org.neurospark.snn.neuron.spec.Expr.min;
import static org.neurospark.snn.neuron.spec.Expr.mul;
import static org.neurospark.snn.neuron.spec.Expr.neg;
import static org.neurospark.snn.neuron.spec.Expr.num;
import static org.neurospark.snn.neuron.spec.Expr.param;
import static org.neurospark.snn.neuron.spec.Expr.pow;
import static org.neurospark.snn.neuron.spec.Expr.select;
import static org.neurospark.snn.neuron.spec.Expr.signum;
import static org.neurospark.snn.neuron.spec.Expr.sin;
import static org.neurospark.snn.neuron.spec.Expr.sqrt;
import static org.neurospark.snn.neuron.spec.Expr.sub;
import static org.neurospark.snn.neuron.spec.Expr.var;

import java.util.ArrayList;
import java.util.List;

/**
 * The neuron math of snn-core, written once: every surrogate function, every charge equation with its partial
 * derivatives, and the fire/reset equations of {@code NeuronSpec}. The Java CPU code in
 * {@code org.neurospark.snn.surrogate.SurrogateMath} and {@code org.neurospark.snn.neuron.dynamics.DynamicsMath}
 * is generated from these trees ({@link NeuronMathGenerator}, checked by a drift test), and {@link CudaEmitter}
 * writes them as CUDA C. Each tree spells the formula in the exact operation order of SpikingJelly / the former
 * hand-written code, so the golden cases stay bit-for-bit.
 */
public final class NeuronMath {
  private NeuronMath() {}

  private static final Expr X = var("x");
  private static final Expr V = var("v");
  private static final Expr H = var("h");
  private static final Expr S = var("s");
  private static final Expr SG = var("sg");
  private static final Expr PI = num(Math.PI);

  private static Expr n(double c) {
    return num(c);
  }

  private static Expr p(String name) {
    return param(name);
  }

  private static Expr l(String name) {
    return var(name);
  }

  /** A small builder for {@link FunctionSpec}s. */
  private static final class Fn {
    private final String name;
    private final String doc;
    private List<String> params = List.of();
    private List<String> vars = List.of("x");
    private final List<Binding> bindings = new ArrayList<>();
    private FloatForm form = FloatForm.ROUNDED;
    private Body floatBody;

    Fn(String name, String doc) {
      this.name = name;
      this.doc = doc;
    }

    Fn params(String... p) {
      params = List.of(p);
      return this;
    }

    Fn vars(String... v) {
      vars = List.of(v);
      return this;
    }

    Fn let(String local, Expr value) {
      bindings.add(new Binding.Let(local, value));
      return this;
    }

    Fn sum(String local, String index, int from, Expr toExclusive, Expr term) {
      bindings.add(new Binding.Sum(local, index, from, toExclusive, term));
      return this;
    }

    Fn form(FloatForm f) {
      form = f;
      return this;
    }

    /** fp32 form: a fused multiply-add (or other float-only spelling) instead of the double tree. */
    Fn floatResult(Expr result) {
      form = FloatForm.FLOAT_OPS;
      floatBody = Body.of(result);
      return this;
    }

    FunctionSpec is(Expr result) {
      return new FunctionSpec(name, doc, params, vars, new Body(bindings, result), form, floatBody);
    }
  }

  private static Fn fn(String name, String doc) {
    return new Fn(name, doc);
  }

  private static Expr sigmoid(Expr z) {
    return div(n(1), add(n(1), exp(neg(z))));
  }

  /**
   * erfc(x) as snn-core has always computed it (Numerical Recipes' {@code erfcc}: relative error below 1.2e−7),
   * not the libm erfc: t = 1/(1 + |x|/2), erfc = t·exp(−x² − 1.26551223 + t·P(t)), reflected for x &lt; 0.
   */
  public static final FunctionSpec ERFC = erfcSpec();

  private static FunctionSpec erfcSpec() {
    double[] a = {1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
        -0.82215223, 0.17087277};
    Expr t = l("t");
    Expr acc = mul(t, n(a[8]));
    for (int i = 7; i >= 0; i--) {
      acc = mul(t, add(n(a[i]), acc));
    }
    return fn("erfc", "erfc(x), Numerical Recipes' erfcc (relative error below 1.2e-7)").let("z", abs(X))
        .let("t", div(n(1), add(n(1), mul(n(0.5), l("z")))))
        .let("ans", mul(t, exp(add(sub(mul(neg(l("z")), l("z")), n(1.26551223)), acc))))
        .is(select(ge(X, n(0)), l("ans"), sub(n(2), l("ans"))));
  }

  // ---- the step functions ----

  /** SpikingJelly's Heaviside step Θ(x) = 1 if x ≥ 0 else 0 (NaN gives 0). */
  public static final FunctionSpec STEP = fn("step", "Heaviside step (SpikingJelly): 1 if x >= 0 else 0")
      .form(FloatForm.FLOAT_OPS).is(select(ge(X, n(0)), n(1), n(0)));

  /** snnTorch's step Θ(x) = 1 if x &gt; 0 else 0. */
  public static final FunctionSpec STEP_STRICT = fn("stepStrict", "Heaviside step (snnTorch): 1 if x > 0 else 0")
      .form(FloatForm.FLOAT_OPS).is(select(gt(X, n(0)), n(1), n(0)));

  // ---- surrogates ----

  private static SurrogateSpec alpha(String cls, FunctionSpec grad, FunctionSpec primitive) {
    return new SurrogateSpec(cls, List.of("alpha"), false, grad, primitive);
  }

  private static final Expr ALPHA = p("alpha");

  /** Every surrogate function of snn-core (SpikingJelly's and snnTorch's), in {@code Surrogates}' order. */
  public static final List<SurrogateSpec> SURROGATES = List.of(
      alpha("Sigmoid",
          fn("sigmoidGrad", "Sigmoid: alpha*e/(1+e)^2, e = exp(-|alpha*x|)").params("alpha")
              .let("e", exp(neg(abs(mul(ALPHA, X))))).let("d", add(n(1), l("e")))
              .form(FloatForm.FLOAT_OPS).is(div(mul(ALPHA, l("e")), mul(l("d"), l("d")))),
          fn("sigmoidPrimitive", "Sigmoid: sigmoid(alpha*x)").params("alpha").is(sigmoid(mul(ALPHA, X)))),
      alpha("ATan",
          fn("atanGrad", "ATan: alpha/2 / (1 + (pi/2*alpha*x)^2)").params("alpha")
              .let("z", mul(derived(mul(div(PI, n(2)), ALPHA)), X)).form(FloatForm.FLOAT_OPS)
              .is(div(derived(div(ALPHA, n(2))), add(n(1), mul(l("z"), l("z"))))),
          fn("atanPrimitive", "ATan: atan(pi/2*alpha*x)/pi + 1/2").params("alpha")
              .is(add(div(atan(mul(mul(div(PI, n(2)), ALPHA), X)), PI), n(0.5)))),
      alpha("PiecewiseQuadratic",
          fn("piecewiseQuadraticGrad", "PiecewiseQuadratic: 0 if |x| > 1/alpha else -alpha^2*|x| + alpha")
              .params("alpha").let("ax", abs(X))
              .is(select(gt(l("ax"), div(n(1), ALPHA)), n(0), add(mul(neg(mul(ALPHA, ALPHA)), l("ax")), ALPHA))),
          fn("piecewiseQuadraticPrimitive", "PiecewiseQuadratic primitive").params("alpha")
              .is(select(gt(X, div(n(1), ALPHA)), n(1), select(gt(abs(X), div(n(1), ALPHA)), n(0),
                  add(add(mul(mul(mul(div(neg(mul(ALPHA, ALPHA)), n(2)), X), X), signum(X)), mul(ALPHA, X)),
                      n(0.5)))))),
      alpha("PiecewiseExp",
          fn("piecewiseExpGrad", "PiecewiseExp: alpha/2 * exp(-alpha*|x|)").params("alpha")
              .is(mul(div(ALPHA, n(2)), exp(mul(neg(ALPHA), abs(X))))),
          fn("piecewiseExpPrimitive", "PiecewiseExp primitive").params("alpha")
              .is(select(ge(X, n(0)), sub(n(1), div(exp(mul(neg(ALPHA), X)), n(2))),
                  div(exp(mul(ALPHA, X)), n(2))))),
      alpha("SoftSign",
          fn("softSignGrad", "SoftSign: alpha/2 / (1 + |alpha*x|)^2").params("alpha")
              .let("d", add(n(1), abs(mul(ALPHA, X)))).is(div(div(ALPHA, n(2)), mul(l("d"), l("d")))),
          fn("softSignPrimitive", "SoftSign: (z/(1+|z|) + 1)/2, z = alpha*x").params("alpha")
              .let("z", mul(ALPHA, X)).is(div(add(div(l("z"), add(n(1), abs(l("z")))), n(1)), n(2)))),
      alpha("Erf",
          fn("erfGrad", "Erf: alpha/sqrt(pi) * exp(-(alpha*x)^2)").params("alpha")
              .is(mul(div(ALPHA, sqrt(PI)), exp(mul(neg(mul(ALPHA, X)), mul(ALPHA, X))))),
          fn("erfPrimitive", "Erf: erfc(-alpha*x)/2").params("alpha").is(div(erfc(mul(neg(ALPHA), X)), n(2)))),
      alpha("SuperSpike",
          fn("superSpikeGrad", "SuperSpike: alpha / (|x| + 1)^2").params("alpha").let("d", add(abs(X), n(1)))
              .is(div(ALPHA, mul(l("d"), l("d")))),
          null),
      alpha("NonzeroSignLogAbs",
          fn("nonzeroSignLogAbsGrad", "NonzeroSignLogAbs: 1 / (1/alpha + |x|)").params("alpha")
              .is(div(n(1), add(div(n(1), ALPHA), abs(X)))),
          fn("nonzeroSignLogAbsPrimitive", "NonzeroSignLogAbs: sign(x)*log(alpha*|x| + 1)").params("alpha")
              .let("sign", select(ge(X, n(0)), n(1), n(-1)))
              .is(mul(l("sign"), log(add(mul(mul(ALPHA, l("sign")), X), n(1)))))),
      new SurrogateSpec("PiecewiseLeakyReLU", List.of("w", "c"), false,
          fn("piecewiseLeakyReLUGrad", "PiecewiseLeakyReLU: 1/(2w) if |x| < w else c").params("w", "c")
              .is(select(lt(abs(X), p("w")), div(n(1), mul(n(2), p("w"))), p("c"))),
          fn("piecewiseLeakyReLUPrimitive", "PiecewiseLeakyReLU primitive").params("w", "c")
              .is(select(lt(X, neg(p("w"))), add(mul(p("c"), X), mul(p("c"), p("w"))),
                  select(gt(X, p("w")), add(mul(p("c"), X), add(mul(neg(p("c")), p("w")), n(1))),
                      add(div(X, mul(n(2), p("w"))), n(0.5)))))),
      new SurrogateSpec("SquarewaveFourierSeries", List.of("n", "T_period"), false,
          fn("squarewaveFourierSeriesGrad", "SquarewaveFourierSeries: 4/T * sum_{i<n} cos((2i-1)*omega*x)")
              .params("n", "T_period").let("omega", div(mul(PI, n(2)), p("T_period")))
              .sum("g", "i", 1, p("n"), cos(mul(mul(sub(mul(n(2), l("i")), n(1)), l("omega")), X)))
              .is(div(mul(l("g"), n(4)), p("T_period"))),
          fn("squarewaveFourierSeriesPrimitive", "SquarewaveFourierSeries: 1/2 + 2/pi * sum sin(c*omega*x)/c")
              .params("n", "T_period").let("omega", div(mul(PI, n(2)), p("T_period")))
              .sum("s", "i", 1, p("n"), div(sin(mul(mul(sub(mul(n(2), l("i")), n(1)), l("omega")), X)),
                  sub(mul(n(2), l("i")), n(1))))
              .is(add(n(0.5), mul(div(n(2), PI), l("s"))))),
      new SurrogateSpec("S2NN", List.of("alpha", "beta"), false,
          fn("s2nnGrad", "S2NN: alpha*s*(1-s), s = sigmoid(alpha*x), if x < 0 else beta/(x + 1)")
              .params("alpha", "beta").let("s", sigmoid(mul(ALPHA, X)))
              .is(select(lt(X, n(0)), mul(mul(ALPHA, l("s")), sub(n(1), l("s"))), div(p("beta"), add(X, n(1))))),
          fn("s2nnPrimitive", "S2NN primitive").params("alpha", "beta")
              .is(select(lt(X, n(0)), sigmoid(mul(X, ALPHA)),
                  add(mul(p("beta"), log(add(abs(add(X, n(1))), n(1e-5)))), n(0.5))))),
      alpha("QPseudoSpike",
          fn("qPseudoSpikeGrad", "QPseudoSpike: (1 + 2/(alpha-1)*|x|)^-alpha").params("alpha")
              .is(pow(add(n(1), mul(div(n(2), sub(ALPHA, n(1))), abs(X))), neg(ALPHA))),
          fn("qPseudoSpikePrimitive", "QPseudoSpike primitive").params("alpha")
              .let("sign", select(ge(X, n(0)), n(1), n(-1))).let("nonneg", select(ge(X, n(0)), n(1), n(0)))
              .is(sub(l("nonneg"), mul(mul(l("sign"), n(0.5)),
                  pow(add(n(1), mul(mul(div(n(2), sub(ALPHA, n(1))), X), l("sign"))), sub(n(1), ALPHA)))))),
      new SurrogateSpec("LeakyKReLU", List.of("leak", "k"), false,
          fn("leakyKReLUGrad", "LeakyKReLU: k if x >= 0 else leak").params("leak", "k")
              .is(select(ge(X, n(0)), p("k"), p("leak"))),
          fn("leakyKReLUPrimitive", "LeakyKReLU: (k if x >= 0 else leak) * x").params("leak", "k")
              .is(mul(select(ge(X, n(0)), p("k"), p("leak")), X))),
      alpha("FakeNumericalGradient",
          fn("fakeNumericalGradientGrad", "FakeNumericalGradient: min((2*step(x) - 1)/x, alpha)").params("alpha")
              .let("g", div(sub(mul(select(ge(X, n(0)), n(1), n(0)), n(2)), n(1)), X))
              .is(min(l("g"), ALPHA)),
          null),
      alpha("LogTailedReLU",
          fn("logTailedReLUGrad", "LogTailedReLU: 1/x if x > 1, alpha if x <= 0, else 1").params("alpha")
              .is(select(gt(X, n(1)), div(n(1), X), select(le(X, n(0)), ALPHA, n(1)))),
          fn("logTailedReLUPrimitive", "LogTailedReLU: log(x) + 1 if x > 1, x if x >= 0, else alpha*x")
              .params("alpha").is(select(gt(X, n(1)), add(log(X), n(1)), select(ge(X, n(0)), X, mul(ALPHA, X))))),
      alpha("Rect",
          fn("rectGrad", "Rect: alpha if |x| < 1/(2 alpha) else 0").params("alpha")
              .is(select(lt(abs(X), div(n(0.5), ALPHA)), ALPHA, n(0))),
          fn("rectPrimitive", "Rect: clamp(alpha*x + 1/2, 0, 1)").params("alpha")
              .is(min(n(1), max(n(0), add(mul(ALPHA, X), n(0.5)))))),
      new SurrogateSpec("FastSigmoid", List.of("slope"), true,
          fn("fastSigmoidGrad", "snnTorch fast_sigmoid: 1/(1 + slope*|x|)^2").params("slope")
              .let("d", add(n(1), mul(p("slope"), abs(X)))).is(div(n(1), mul(l("d"), l("d")))),
          fn("fastSigmoidPrimitive", "snnTorch fast_sigmoid: x/(1 + slope*|x|) + 1/2").params("slope")
              .is(add(div(X, add(n(1), mul(p("slope"), abs(X)))), n(0.5)))),
      new SurrogateSpec("SnnTorchATan", List.of("alpha"), true,
          fn("snnTorchATanGrad", "snnTorch atan: alpha/2 / (1 + (pi/2*alpha*x)^2)").params("alpha")
              .let("z", mul(derived(mul(div(PI, n(2)), ALPHA)), X))
              .is(div(derived(div(ALPHA, n(2))), add(n(1), mul(l("z"), l("z"))))),
          fn("snnTorchATanPrimitive", "snnTorch atan: atan(pi/2*alpha*x)/pi + 1/2").params("alpha")
              .is(add(div(atan(mul(mul(div(PI, n(2)), ALPHA), X)), PI), n(0.5)))));

  /** The spec of the surrogate class with this simple name ({@code Sigmoid}, {@code FastSigmoid}, ...). */
  public static SurrogateSpec surrogate(String className) {
    for (SurrogateSpec s : SURROGATES) {
      if (s.name().equals(className)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no surrogate spec named " + className);
  }

  // ---- charge equations ----

  private static final Expr TAU = p("tau");
  private static final Expr VRESET = p("vReset");
  private static final Expr DECAY = p("decay");

  /** Integrate-and-fire: H = V + X. */
  public static final ChargeSpec IF = new ChargeSpec("if", List.of(),
      fn("ifCharge", "IF: H = V + X").vars("v", "x").form(FloatForm.FLOAT_OPS).is(add(V, X)),
      fn("ifDHdV", "IF: dH/dV = 1").vars("v").is(n(1)),
      fn("ifDHdX", "IF: dH/dX = 1").vars("v").is(n(1)),
      null);

  /** LIF without decay_input: H = V − (V − V_reset)/τ + X. */
  public static final ChargeSpec LIF = new ChargeSpec("lif", List.of("tau", "vReset"),
      fn("lifCharge", "LIF: H = V - (V - V_reset)/tau + X").params("tau", "vReset").vars("v", "x")
          .form(FloatForm.FLOAT_OPS).is(add(sub(V, div(sub(V, VRESET), TAU)), X)),
      fn("lifDHdV", "LIF: dH/dV = 1 - 1/tau").params("tau", "vReset").vars("v").is(sub(n(1), div(n(1), TAU))),
      fn("lifDHdX", "LIF: dH/dX = 1").params("tau", "vReset").vars("v").is(n(1)),
      null);

  /** LIF with decay_input: H = V + (X − (V − V_reset))/τ. */
  public static final ChargeSpec LIF_DECAY_INPUT = new ChargeSpec("lifDecayInput", List.of("tau", "vReset"),
      fn("lifDecayInputCharge", "LIF decay_input: H = V + (X - (V - V_reset))/tau").params("tau", "vReset")
          .vars("v", "x").form(FloatForm.FLOAT_OPS).is(add(V, div(sub(X, sub(V, VRESET)), TAU))),
      fn("lifDecayInputDHdV", "LIF decay_input: dH/dV = 1 - 1/tau").params("tau", "vReset").vars("v")
          .is(sub(n(1), div(n(1), TAU))),
      fn("lifDecayInputDHdX", "LIF decay_input: dH/dX = 1/tau").params("tau", "vReset").vars("v")
          .is(div(n(1), TAU)),
      null);

  /** PLIF's decay = sigmoid(w) = 1/τ, in double (the fp32 module rounds it to float). */
  public static final FunctionSpec PLIF_DECAY = fn("plifDecay", "PLIF: decay = sigmoid(w) = 1/(1 + exp(-w))")
      .vars("w").form(FloatForm.NONE).is(div(n(1), add(n(1), exp(neg(var("w"))))));

  /** PLIF's initial w = −ln(init_tau − 1), so that sigmoid(w) = 1/init_tau (SpikingJelly's init). */
  public static final FunctionSpec PLIF_INITIAL_W = fn("plifInitialW", "PLIF: w = -ln(init_tau - 1)")
      .vars("initTau").form(FloatForm.NONE).is(neg(log(sub(var("initTau"), n(1)))));

  /** PLIF without decay_input: H = V − (V − V_reset)·decay + X, θ = w. */
  public static final ChargeSpec PLIF = new ChargeSpec("plif", List.of("decay", "vReset"),
      fn("plifCharge", "PLIF: H = V - (V - V_reset)*decay + X").params("decay", "vReset").vars("v", "x")
          .form(FloatForm.FLOAT_OPS).is(add(sub(V, mul(sub(V, VRESET), DECAY)), X)),
      fn("plifDHdV", "PLIF: dH/dV = 1 - decay").params("decay", "vReset").vars("v").is(sub(n(1), DECAY)),
      fn("plifDHdX", "PLIF: dH/dX = 1").params("decay", "vReset").vars("v").is(n(1)),
      fn("plifDHdTheta", "PLIF: dH/dw = (V_reset - V)*decay*(1 - decay)").params("decay", "vReset").vars("v", "h")
          .form(FloatForm.FLOAT_OPS).is(mul(mul(sub(VRESET, V), DECAY), sub(n(1), DECAY))));

  /** PLIF with decay_input: H = V + (X − (V − V_reset))·decay, θ = w. */
  public static final ChargeSpec PLIF_DECAY_INPUT = new ChargeSpec("plifDecayInput", List.of("decay", "vReset"),
      fn("plifDecayInputCharge", "PLIF decay_input: H = V + (X - (V - V_reset))*decay").params("decay", "vReset")
          .vars("v", "x").form(FloatForm.FLOAT_OPS).is(add(V, mul(sub(X, sub(V, VRESET)), DECAY))),
      fn("plifDecayInputDHdV", "PLIF decay_input: dH/dV = 1 - decay").params("decay", "vReset").vars("v")
          .is(sub(n(1), DECAY)),
      fn("plifDecayInputDHdX", "PLIF decay_input: dH/dX = decay").params("decay", "vReset").vars("v").is(DECAY),
      fn("plifDecayInputDHdTheta", "PLIF decay_input: dH/dw = (H - V)*(1 - decay)").params("decay", "vReset")
          .vars("v", "h").form(FloatForm.FLOAT_OPS).is(mul(sub(H, V), sub(n(1), DECAY))));

  /** Quadratic IF: H = V + (X + a0·(V − V_rest)(V − V_c))/τ. */
  public static final ChargeSpec QIF = new ChargeSpec("qif", List.of("tau", "vC", "a0", "vRest"),
      fn("qifCharge", "QIF: H = V + (X + a0*(V - V_rest)*(V - V_c))/tau").params("tau", "vC", "a0", "vRest")
          .vars("v", "x").is(add(V, div(add(X, mul(mul(p("a0"), sub(V, p("vRest"))), sub(V, p("vC")))), TAU))),
      fn("qifDHdV", "QIF: dH/dV = 1 + a0*(2V - V_rest - V_c)/tau").params("tau", "vC", "a0", "vRest").vars("v")
          .is(add(n(1), div(mul(p("a0"), sub(sub(mul(n(2), V), p("vRest")), p("vC"))), TAU))),
      fn("qifDHdX", "QIF: dH/dX = 1/tau").params("tau", "vC", "a0", "vRest").vars("v").is(div(n(1), TAU)),
      null);

  /** Exponential IF: H = V + (X − (V − V_rest) + Δ_T·exp((V − θ_rh)/Δ_T))/τ. */
  public static final ChargeSpec EIF = new ChargeSpec("eif", List.of("tau", "deltaT", "thetaRh", "vRest"),
      fn("eifCharge", "EIF: H = V + (X + V_rest - V + delta_T*exp((V - theta_rh)/delta_T))/tau")
          .params("tau", "deltaT", "thetaRh", "vRest").vars("v", "x")
          .is(add(V, div(add(sub(add(X, p("vRest")), V),
              mul(p("deltaT"), exp(div(sub(V, p("thetaRh")), p("deltaT"))))), TAU))),
      fn("eifDHdV", "EIF: dH/dV = 1 + (exp((V - theta_rh)/delta_T) - 1)/tau")
          .params("tau", "deltaT", "thetaRh", "vRest").vars("v")
          .is(add(n(1), div(sub(exp(div(sub(V, p("thetaRh")), p("deltaT"))), n(1)), TAU))),
      fn("eifDHdX", "EIF: dH/dX = 1/tau").params("tau", "deltaT", "thetaRh", "vRest").vars("v")
          .is(div(n(1), TAU)),
      null);

  /** Every charge equation. */
  public static final List<ChargeSpec> CHARGES = List.of(IF, LIF, LIF_DECAY_INPUT, PLIF, PLIF_DECAY_INPUT, QIF, EIF);

  // ---- reset (NeuronSpec) ----

  private static final Expr VTH = p("vThreshold");

  /** Hard reset: V = H·(1 − S) + V_reset·S. */
  public static final FunctionSpec RESET_HARD = fn("resetHard", "hard reset: V = (1 - S)*H + S*V_reset")
      .params("vReset").vars("h", "s").form(FloatForm.FLOAT_OPS).is(add(mul(sub(n(1), S), H), mul(S, VRESET)));

  /** Soft reset: V = H − V_th·S. */
  public static final FunctionSpec RESET_SOFT = fn("resetSoft", "soft reset: V = H - S*V_th")
      .params("vThreshold").vars("h", "s").form(FloatForm.FLOAT_OPS).is(sub(H, mul(S, VTH)));

  /** dV/dH of the hard reset through S: 1 − S + (V_reset − H)·sg (fp32: one fma). */
  public static final FunctionSpec DVDH_HARD = fn("dVdHHard", "hard reset: dV/dH = 1 - S + (V_reset - H)*sg")
      .params("vReset").vars("h", "s", "sg").floatResult(fma(sub(VRESET, H), SG, sub(n(1), S)))
      .is(add(sub(n(1), S), mul(sub(VRESET, H), SG)));

  /** dV/dH of the hard reset with detach_reset: 1 − S. */
  public static final FunctionSpec DVDH_HARD_DETACHED = fn("dVdHHardDetached",
      "hard reset, detach_reset: dV/dH = 1 - S").vars("s").form(FloatForm.FLOAT_OPS).is(sub(n(1), S));

  /** dV/dH of the soft reset through S: 1 − V_th·sg (fp32: one fma). */
  public static final FunctionSpec DVDH_SOFT = fn("dVdHSoft", "soft reset: dV/dH = 1 - V_th*sg")
      .params("vThreshold").vars("sg").floatResult(fma(neg(VTH), SG, n(1))).is(sub(n(1), mul(VTH, SG)));

  /** dV/dH of the soft reset with detach_reset: 1. */
  public static final FunctionSpec DVDH_SOFT_DETACHED = fn("dVdHSoftDetached",
      "soft reset, detach_reset: dV/dH = 1").vars().form(FloatForm.FLOAT_OPS).is(n(1));

  /** ∂V/∂S of the hard reset: V_reset − H. */
  public static final FunctionSpec DVDS_HARD = fn("dVdSHard", "hard reset: dV/dS = V_reset - H")
      .params("vReset").vars("h").is(sub(VRESET, H));

  /** ∂V/∂S of the soft reset: −V_th. */
  public static final FunctionSpec DVDS_SOFT = fn("dVdSSoft", "soft reset: dV/dS = -V_th")
      .params("vThreshold").vars().is(neg(VTH));

  /** The reset equations and their derivatives. */
  public static final List<FunctionSpec> RESET = List.of(RESET_HARD, RESET_SOFT, DVDH_HARD, DVDH_HARD_DETACHED,
      DVDH_SOFT, DVDH_SOFT_DETACHED, DVDS_HARD, DVDS_SOFT);

  // ---- KLIF (SpikingJelly KLIFNode): F = ReLU(k·H), fire and reset on F ----

  private static final Expr K = p("k");
  private static final Expr F = var("f");

  /** KLIF's scaled potential F = ReLU(k·H). */
  public static final FunctionSpec KLIF_SCALE = fn("klifScale", "KLIF: F = ReLU(k*H)").params("k").vars("h")
      .let("kh", mul(K, H)).form(FloatForm.FLOAT_OPS).is(select(gt(l("kh"), n(0)), l("kh"), n(0)));

  /** KLIF with scale_reset, hard reset: V = (F/k)·(1 − S) + V_reset·S. */
  public static final FunctionSpec KLIF_SCALED_RESET_HARD = fn("klifScaledResetHard",
      "KLIF scale_reset, hard: V = (1 - S)*(F/k) + S*V_reset").params("k", "vReset").vars("f", "s")
      .form(FloatForm.FLOAT_OPS).is(add(mul(sub(n(1), S), div(F, K)), mul(S, VRESET)));

  /** KLIF with scale_reset, soft reset: V = (F − V_th·S)/k. */
  public static final FunctionSpec KLIF_SCALED_RESET_SOFT = fn("klifScaledResetSoft",
      "KLIF scale_reset, soft: V = (F - S*V_th)/k").params("k", "vThreshold").vars("f", "s")
      .form(FloatForm.FLOAT_OPS).is(div(sub(F, mul(S, VTH)), K));

  /** dV/dF of KLIF's scaled hard reset through S: (1 − S)/k + (V_reset − F/k)·sg. */
  public static final FunctionSpec KLIF_SCALED_DVDF_HARD = fn("klifScaledDVdFHard",
      "KLIF scale_reset, hard: dV/dF = (1 - S)/k + (V_reset - F/k)*sg").params("k", "vReset").vars("f", "s", "sg")
      .is(add(div(sub(n(1), S), K), mul(sub(VRESET, div(F, K)), SG)));

  /** dV/dF of KLIF's scaled hard reset with detach_reset: (1 − S)/k. */
  public static final FunctionSpec KLIF_SCALED_DVDF_HARD_DETACHED = fn("klifScaledDVdFHardDetached",
      "KLIF scale_reset, hard, detach_reset: dV/dF = (1 - S)/k").params("k").vars("s").is(div(sub(n(1), S), K));

  /** dV/dF of KLIF's scaled soft reset through S: (1 − V_th·sg)/k. */
  public static final FunctionSpec KLIF_SCALED_DVDF_SOFT = fn("klifScaledDVdFSoft",
      "KLIF scale_reset, soft: dV/dF = (1 - V_th*sg)/k").params("k", "vThreshold").vars("sg")
      .is(div(sub(n(1), mul(VTH, SG)), K));

  /** dV/dF of KLIF's scaled soft reset with detach_reset: 1/k. */
  public static final FunctionSpec KLIF_SCALED_DVDF_SOFT_DETACHED = fn("klifScaledDVdFSoftDetached",
      "KLIF scale_reset, soft, detach_reset: dV/dF = 1/k").params("k").vars().is(div(n(1), K));

  /** ∂V/∂k of KLIF's scaled hard reset at fixed F and S: −(1 − S)·F/k². */
  public static final FunctionSpec KLIF_SCALED_DVDK_HARD = fn("klifScaledDVdkHard",
      "KLIF scale_reset, hard: dV/dk = -(1 - S)*F/k^2").params("k").vars("f", "s")
      .is(div(mul(neg(sub(n(1), S)), F), mul(K, K)));

  /** ∂V/∂k of KLIF's scaled soft reset at fixed F and S: −(F − V_th·S)/k². */
  public static final FunctionSpec KLIF_SCALED_DVDK_SOFT = fn("klifScaledDVdkSoft",
      "KLIF scale_reset, soft: dV/dk = -(F - S*V_th)/k^2").params("k", "vThreshold").vars("f", "s")
      .is(div(neg(sub(F, mul(S, VTH))), mul(K, K)));

  /** KLIF's functions. */
  public static final List<FunctionSpec> KLIF = List.of(KLIF_SCALE, KLIF_SCALED_RESET_HARD, KLIF_SCALED_RESET_SOFT,
      KLIF_SCALED_DVDF_HARD, KLIF_SCALED_DVDF_HARD_DETACHED, KLIF_SCALED_DVDF_SOFT, KLIF_SCALED_DVDF_SOFT_DETACHED,
      KLIF_SCALED_DVDK_HARD, KLIF_SCALED_DVDK_SOFT);

  // ---- Izhikevich (SpikingJelly IzhikevichNode): V with adaptation current W ----

  private static final Expr W = var("w");
  private static final List<String> IZH_CHARGE = List.of("tau", "vC", "a0", "vRest");
  private static final List<String> IZH_ADAPT = List.of("a", "vRest", "tauW");

  /** Izhikevich charge: H = V + (X + a0·(V − V_rest)(V − V_c) − W)/τ. */
  public static final FunctionSpec IZHIKEVICH_CHARGE = fn("izhikevichCharge",
      "Izhikevich: H = V + (X + a0*(V - V_rest)*(V - V_c) - W)/tau").params("tau", "vC", "a0", "vRest")
      .vars("v", "x", "w")
      .is(add(V, div(sub(add(X, mul(mul(p("a0"), sub(V, p("vRest"))), sub(V, p("vC")))), W), TAU)));

  /** Izhikevich adaptation: W' = W + (a·(H − V_rest) − W)/τ_w. */
  public static final FunctionSpec IZHIKEVICH_ADAPT = fn("izhikevichAdapt",
      "Izhikevich: W' = W + (a*(H - V_rest) - W)/tau_w").params("a", "vRest", "tauW").vars("w", "h")
      .is(add(W, div(sub(mul(p("a"), sub(H, p("vRest"))), W), p("tauW"))));

  /** Izhikevich spike increment: W = W' + b·S. */
  public static final FunctionSpec IZHIKEVICH_SPIKE_INCREMENT = fn("izhikevichSpikeIncrement",
      "Izhikevich: W = W' + b*S").params("b").vars("wa", "s").is(add(var("wa"), mul(p("b"), S)));

  /** Izhikevich ∂H/∂V = 1 + a0·(2V − V_rest − V_c)/τ. */
  public static final FunctionSpec IZHIKEVICH_DHDV = fn("izhikevichDHdV",
      "Izhikevich: dH/dV = 1 + a0*(2V - V_rest - V_c)/tau").params("tau", "vC", "a0", "vRest").vars("v")
      .is(add(n(1), div(mul(p("a0"), sub(sub(mul(n(2), V), p("vRest")), p("vC"))), TAU)));

  /** Izhikevich ∂H/∂X = 1/τ. */
  public static final FunctionSpec IZHIKEVICH_DHDX = fn("izhikevichDHdX", "Izhikevich: dH/dX = 1/tau")
      .params("tau").vars().is(div(n(1), TAU));

  /** Izhikevich ∂H/∂W[t−1] = −1/τ. */
  public static final FunctionSpec IZHIKEVICH_DHDW = fn("izhikevichDHdW", "Izhikevich: dH/dW = -1/tau")
      .params("tau").vars().is(div(n(-1), TAU));

  /** Izhikevich ∂W'/∂W[t−1] = 1 − 1/τ_w. */
  public static final FunctionSpec IZHIKEVICH_DADAPT_DW = fn("izhikevichDAdaptDW",
      "Izhikevich: dW'/dW = 1 - 1/tau_w").params("tauW").vars().is(sub(n(1), div(n(1), p("tauW"))));

  /** Izhikevich ∂W'/∂H = a/τ_w. */
  public static final FunctionSpec IZHIKEVICH_DADAPT_DH = fn("izhikevichDAdaptDH", "Izhikevich: dW'/dH = a/tau_w")
      .params("a", "tauW").vars().is(div(p("a"), p("tauW")));

  /** Izhikevich's functions. */
  public static final List<FunctionSpec> IZHIKEVICH = List.of(IZHIKEVICH_CHARGE, IZHIKEVICH_ADAPT,
      IZHIKEVICH_SPIKE_INCREMENT, IZHIKEVICH_DHDV, IZHIKEVICH_DHDX, IZHIKEVICH_DHDW, IZHIKEVICH_DADAPT_DW,
      IZHIKEVICH_DADAPT_DH);

  // ---- LIAF's analog output activations ----

  /** The analog activations of LIAF and their derivatives (torch's conventions; the derivative of ReLU at 0 is 0). */
  public static final List<FunctionSpec> ACTIVATIONS = List.of(
      fn("reluActivation", "ReLU: max(x, 0)").form(FloatForm.FLOAT_OPS).is(select(gt(X, n(0)), X, n(0))),
      fn("reluActivationGrad", "ReLU: 1 if x > 0 else 0").form(FloatForm.FLOAT_OPS)
          .is(select(gt(X, n(0)), n(1), n(0))),
      fn("identityActivation", "Identity: x").form(FloatForm.FLOAT_OPS).is(X),
      fn("identityActivationGrad", "Identity: 1").form(FloatForm.FLOAT_OPS).is(n(1)),
      fn("sigmoidActivation", "Sigmoid: 1/(1 + exp(-x))").is(sigmoid(X)),
      fn("sigmoidActivationGrad", "Sigmoid: s*(1 - s), s = sigmoid(x)").let("s", sigmoid(X))
          .is(mul(l("s"), sub(n(1), l("s")))),
      fn("tanhActivation", "Tanh: tanh(x)").is(new Expr.Unary(Expr.Op1.TANH, X)),
      fn("tanhActivationGrad", "Tanh: 1 - tanh(x)^2").let("t", new Expr.Unary(Expr.Op1.TANH, X))
          .is(sub(n(1), mul(l("t"), l("t")))));

  // ---- snnTorch Leaky / Synaptic (reset from the previous U, strict threshold) ----

  private static final Expr U = var("u");
  private static final Expr R = var("r");
  private static final Expr THR = p("threshold");
  private static final Expr BETA = p("beta");

  /** snnTorch's delayed reset flag R = Θ(U[t−1] − U_thr), strict. */
  public static final FunctionSpec SNNTORCH_RESET_FLAG = fn("snnTorchResetFlag",
      "snnTorch: R = 1 if U[t-1] - U_thr > 0 else 0").params("threshold").vars("u").form(FloatForm.FLOAT_OPS)
      .is(select(gt(sub(U, THR), n(0)), n(1), n(0)));

  /** snnTorch 'subtract': U = β·U[t−1] + X − R·U_thr (Synaptic: X is the current I[t]). */
  public static final FunctionSpec SNNTORCH_SUBTRACT = fn("snnTorchSubtract",
      "snnTorch subtract: U = beta*U + X - R*U_thr").params("beta", "threshold").vars("u", "x", "r")
      .form(FloatForm.FLOAT_OPS).is(sub(add(mul(BETA, U), X), mul(R, THR)));

  /** snnTorch Leaky 'zero': U = β·((1 − R)·U[t−1]) + X. */
  public static final FunctionSpec LEAKY_ZERO = fn("leakyZero", "snnTorch Leaky zero: U = beta*((1 - R)*U) + X")
      .params("beta").vars("u", "x", "r").form(FloatForm.FLOAT_OPS).is(add(mul(BETA, mul(sub(n(1), R), U)), X));

  /** snnTorch Synaptic 'zero': U = (1 − R)·(β·U[t−1] + I). */
  public static final FunctionSpec SYNAPTIC_ZERO = fn("synapticZero",
      "snnTorch Synaptic zero: U = (1 - R)*(beta*U + I)").params("beta").vars("u", "x", "r")
      .form(FloatForm.FLOAT_OPS).is(mul(sub(n(1), R), add(mul(BETA, U), X)));

  /** snnTorch 'none': U = β·U[t−1] + X. */
  public static final FunctionSpec SNNTORCH_NONE = fn("snnTorchNone", "snnTorch none: U = beta*U + X")
      .params("beta").vars("u", "x").form(FloatForm.FLOAT_OPS).is(add(mul(BETA, U), X));

  /** snnTorch Synaptic's current: I = α·I[t−1] + X. */
  public static final FunctionSpec SYNAPTIC_CURRENT = fn("synapticCurrent", "snnTorch Synaptic: I = alpha*I + X")
      .params("alpha").vars("i", "x").form(FloatForm.FLOAT_OPS).is(add(mul(p("alpha"), var("i")), X));

  /** snnTorch's functions. */
  public static final List<FunctionSpec> SNNTORCH = List.of(SNNTORCH_RESET_FLAG, SNNTORCH_SUBTRACT, LEAKY_ZERO,
      SYNAPTIC_ZERO, SNNTORCH_NONE, SYNAPTIC_CURRENT);

  /** The surrogate functions' specs, steps first, as one list. */
  public static List<FunctionSpec> surrogateFunctions() {
    List<FunctionSpec> all = new ArrayList<>(List.of(STEP, STEP_STRICT, ERFC));
    for (SurrogateSpec s : SURROGATES) {
      all.add(s.grad());
      if (s.primitive() != null) {
        all.add(s.primitive());
      }
    }
    return all;
  }

  /** The charge equations' and reset's specs, as one list. */
  public static List<FunctionSpec> dynamicsFunctions() {
    List<FunctionSpec> all = new ArrayList<>();
    for (ChargeSpec c : CHARGES) {
      all.addAll(c.functions());
    }
    all.add(PLIF_DECAY);
    all.add(PLIF_INITIAL_W);
    all.addAll(RESET);
    all.addAll(KLIF);
    all.addAll(IZHIKEVICH);
    all.addAll(ACTIVATIONS);
    all.addAll(SNNTORCH);
    return all;
  }
}
