package org.neurospark.snn.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.neuron.IFNode;
import org.neurospark.snn.neuron.NeuronFactory;
import org.neurospark.snn.surrogate.SurrogateFunction;
import org.neurospark.snn.surrogate.Surrogates;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuBackend;

/**
 * Runs golden cases against this implementation.
 *
 * <ul>
 *   <li>{@code surrogate}: the case name is the constructor string; checks forward (spikes, exact) and surrogate
 *       gradient on {@code x}.
 *   <li>{@code neuron}: {@code params.model} is the SpikingJelly class, the other params its constructor arguments;
 *       runs x [T, N, ...] in step mode 'm', backward with {@code grad_out} as ∂L/∂spikes, and checks spikes
 *       (exact, except where |H − V_th| &lt; {@value #TIE}, then that neuron is not compared further), v_seq,
 *       v_final, grad_x and, for every {@code grad_<p>} file, the gradient of learnable scalar p (its value is set
 *       from {@code param_<p>} first).
 *   <li>{@code network}: a small network trained for one step ({@link NetworkCaseRunner}).
 *   <li>any other kind: reported as failed ("not supported yet"), never skipped.
 * </ul>
 * Values pass when |a − b| ≤ {@value #RTOL}·max(|b|, 1).
 *
 * <p><b>Backends.</b> With a {@link Backend} other than the CPU ({@link #ConformanceRunner(Path, ArrayReader,
 * Backend)}), the golden inputs are uploaded there, the neuron or network is moved there with
 * {@link org.neurospark.snn.nn.Module#to(Backend)} before it runs, and results are downloaded only to be compared.
 * A surrogate case then runs x (float64, as the golden x and the CPU path) as one time step of an {@link IFNode}
 * (V_th = 0, soft reset, that surrogate) on the backend's float64 neuron kernels: S = Θ(x) and, with ∂L/∂S = 1,
 * ∂L/∂x = g'(x) (on the CPU it evaluates the function directly). A case whose model cannot run on that backend (the backend provides no kernels for it,
 * e.g. a device backend without {@code NeuronModelKernels} for KLIF or Izhikevich) is reported as failed and
 * {@link CaseResult#unsupported()}, with the reason, never skipped.
 *
 * <p><b>Tolerance per backend.</b> The tolerances above (and {@link NetworkCaseRunner}'s for network cases) are
 * those of the CPU backend. The sealed validation backend ({@link org.neurospark.snn.tensor.sealed.SealedBackend})
 * runs the CPU kernels behind its seal, so it is held to the same tolerances (its results equal the CPU's bit for
 * bit). A device backend that sums in another order will need its own, stated here when it is added.
 */
public final class ConformanceRunner {
  /** Relative tolerance for values. */
  public static final double RTOL = 1e-5;
  /** Spikes may differ where the fire input is this close to the threshold. */
  public static final double TIE = 1e-5;

  private final Path dir;
  private final ArrayReader reader;
  private final Backend backend;

  /** Runs the cases of {@code dir} on the CPU backend. */
  public ConformanceRunner(Path dir, ArrayReader reader) {
    this(dir, reader, CpuBackend.INSTANCE);
  }

  /** Runs the cases of {@code dir} with their tensors and modules on {@code backend}. */
  public ConformanceRunner(Path dir, ArrayReader reader, Backend backend) {
    this.dir = dir;
    this.reader = reader;
    this.backend = backend;
  }

  /** The backend the cases run on. */
  public Backend backend() {
    return backend;
  }

  private boolean onCpu() {
    return backend instanceof CpuBackend;
  }

  /** Loads the index and runs every case in order. */
  public List<CaseResult> runAll() throws IOException {
    List<CaseResult> out = new ArrayList<>();
    for (ConformanceCase c : ConformanceIndex.load(dir).cases()) {
      out.add(run(c));
    }
    return out;
  }

  /** Runs one case; any exception becomes a failed result naming it. */
  public CaseResult run(ConformanceCase c) {
    try {
      switch (c.kind()) {
        case "surrogate":
          return runSurrogate(c);
        case "neuron":
          return runNeuron(c);
        case "network":
          return NetworkCaseRunner.run(c, dir, reader, backend);
        default:
          return new CaseResult(c.kind(), c.name(), false, "case kind '" + c.kind() + "' is not supported yet",
              Double.NaN);
      }
    } catch (IOException | RuntimeException e) {
      return new CaseResult(c.kind(), c.name(), false, e.getClass().getSimpleName() + ": " + e.getMessage(),
          Double.NaN);
    }
  }

  private NdArray load(ConformanceCase c, String role) throws IOException {
    String f = c.files().get(role);
    if (f == null) {
      throw new IOException("case " + c.name() + " has no '" + role + "' file");
    }
    return reader.read(ConformanceIndex.resolveInside(dir, f, "case " + c.name() + ": files." + role));
  }

  /** Fails unless {@code golden} has exactly {@code shape}. */
  private static boolean sameShape(Check check, String what, NdArray golden, int[] shape) {
    if (!Arrays.equals(golden.shape(), shape)) {
      check.fail(what + ": golden shape " + Arrays.toString(golden.shape()) + ", expected "
          + Arrays.toString(shape));
      return false;
    }
    return true;
  }

  /** Accumulates the comparison of several arrays. */
  private static final class Check {
    final StringBuilder failures = new StringBuilder();
    final StringBuilder summary = new StringBuilder();
    double worst = 0;

    void values(String what, float[] actual, int[] actualShape, NdArray expected, boolean[] skip, int n) {
      if (actual == null) {
        fail(what + ": not produced");
        return;
      }
      if (!Arrays.equals(actualShape, expected.shape())) {
        fail(what + ": shape " + Arrays.toString(actualShape) + ", golden has " + Arrays.toString(expected.shape()));
        return;
      }
      if (actual.length != expected.size()) {
        fail(what + ": " + actual.length + " values, golden has " + expected.size());
        return;
      }
      double max = 0;
      int bad = 0;
      int firstBad = -1;
      for (int i = 0; i < actual.length; i++) {
        if (skip != null && skip[i % n]) {
          continue;
        }
        double b = expected.get(i);
        double e = Math.abs(actual[i] - b) / Math.max(Math.abs(b), 1.0);
        if (!(e <= RTOL)) {
          bad++;
          if (firstBad < 0) {
            firstBad = i;
          }
        }
        if (e > max || Double.isNaN(e)) {
          max = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
        }
      }
      worst = Math.max(worst, max);
      summary.append(String.format(Locale.ROOT, " %s %.1e", what, max));
      if (bad > 0) {
        fail(String.format(Locale.ROOT, "%s: %d values off (first at %d: got %s, golden %s)", what, bad, firstBad,
            actual[firstBad], expected.get(firstBad)));
      }
    }

    void fail(String msg) {
      if (failures.length() > 0) {
        failures.append("; ");
      }
      failures.append(msg);
    }

    CaseResult result(ConformanceCase c) {
      boolean ok = failures.length() == 0;
      String detail = ok ? "max rel err:" + summary : failures.toString();
      return new CaseResult(c.kind(), c.name(), ok, detail.trim(), worst);
    }
  }

  private CaseResult runSurrogate(ConformanceCase c) throws IOException {
    SurrogateFunction sf = Surrogates.parse(c.name());
    for (String role : c.files().keySet()) {
      if (!role.equals("x") && !role.equals("spike") && !role.equals("grad")) {
        throw new IOException("unknown golden file role '" + role + "' for a surrogate case");
      }
    }
    NdArray x = load(c, "x");
    Check check = new Check();
    if (x.size() == 0) {
      throw new IOException("case " + c.name() + ": x holds no values");
    }
    if (c.shape() != null && !Arrays.equals(c.shape(), x.shape())) {
      throw new IOException("case " + c.name() + ": x has shape " + Arrays.toString(x.shape()) + ", the index says "
          + Arrays.toString(c.shape()));
    }
    if (!c.files().containsKey("spike") && !c.files().containsKey("grad")) {
      throw new IOException("case " + c.name() + " has neither a 'spike' nor a 'grad' file: nothing to compare");
    }
    if (!onCpu()) {
      return runSurrogateOnBackend(c, sf, x, check);
    }
    if (c.files().containsKey("spike") && sameShape(check, "spike", load(c, "spike"), x.shape())) {
      NdArray spike = load(c, "spike");
      int mismatches = 0;
      for (int i = 0; i < x.size(); i++) {
        if (sf.forward(x.get(i)) != spike.get(i) && !(sf.spiking() && Math.abs(x.get(i)) < TIE)) {
          mismatches++;
        }
      }
      if (mismatches > 0) {
        check.fail("spike: " + mismatches + " of " + x.size() + " differ");
      }
    }
    if (c.files().containsKey("grad") && sameShape(check, "grad", load(c, "grad"), x.shape())) {
      NdArray grad = load(c, "grad");
      float[] g = new float[x.size()];
      double max = 0;
      int bad = 0;
      for (int i = 0; i < x.size(); i++) {
        double gi = sf.grad(x.get(i));
        double e = Math.abs(gi - grad.get(i)) / Math.max(Math.abs(grad.get(i)), 1.0);
        if (!(e <= RTOL)) {
          bad++;
        }
        max = Math.max(max, Double.isNaN(e) ? Double.POSITIVE_INFINITY : e);
        g[i] = (float) gi;
      }
      check.worst = Math.max(check.worst, max);
      check.summary.append(String.format(Locale.ROOT, " grad %.1e", max));
      if (bad > 0) {
        check.fail("grad: " + bad + " of " + x.size() + " values off (max rel err " + max + ")");
      }
    }
    return check.result(c);
  }

  /** A surrogate case on a non-CPU backend: x as one step of an IF neuron with V_th = 0 on its neuron kernels. */
  private CaseResult runSurrogateOnBackend(ConformanceCase c, SurrogateFunction sf, NdArray x, Check check)
      throws IOException {
    if (!sf.spiking()) {
      return CaseResult.unsupported(c.kind(), c.name(), backend.name(), "a non-spiking surrogate has no neuron"
          + " kernel form (its forward is the primitive)");
    }
    IFNode node = new IFNode(0.0, null, sf, false, 'm', false);
    try {
      node.to(backend);
    } catch (UnsupportedOperationException e) {
      return CaseResult.unsupported(c.kind(), c.name(), backend.name(), e.getMessage());
    }
    int n = x.size();
    // float64, as the golden x is and as the CPU path evaluates g: a float32 x moves points next to a kink of g
    // (Rect's |x| < α/2, PiecewiseLeakyReLU's |x| < w) onto it
    Tensor xt = Tensor.fromArray(backend, x.data(), 1, n).requiresGrad(true);
    Tensor out = node.forward(xt);
    if (c.files().containsKey("spike") && sameShape(check, "spike", load(c, "spike"), x.shape())) {
      NdArray spike = load(c, "spike");
      double[] s = out.toDoubleArray();
      int mismatches = 0;
      for (int i = 0; i < n; i++) {
        if (s[i] != spike.get(i) && !(Math.abs(x.get(i)) < TIE)) {
          mismatches++;
        }
      }
      if (mismatches > 0) {
        check.fail("spike: " + mismatches + " of " + n + " differ");
      }
    }
    if (c.files().containsKey("grad") && sameShape(check, "grad", load(c, "grad"), x.shape())) {
      double[] ones = new double[n];
      Arrays.fill(ones, 1.0);
      out.backward(Tensor.fromArray(backend, ones, 1, n));
      double[] g = xt.grad().toDoubleArray();
      float[] gf = new float[n];
      for (int i = 0; i < n; i++) {
        gf[i] = (float) g[i];
      }
      check.values("grad", gf, x.shape(), load(c, "grad"), null, n);
    }
    return check.result(c);
  }

  private CaseResult runNeuron(ConformanceCase c) throws IOException {
    Map<String, Object> params = c.params() == null ? new HashMap<>() : new HashMap<>(c.params());
    Object model = params.remove("model");
    if (model == null) {
      throw new IOException("neuron case " + c.name() + " has no params.model");
    }
    BaseNode node = NeuronFactory.create(model.toString(), params);
    node.setStepMode('m');
    node.setStoreVSeq(true);
    if (!onCpu()) {
      try {
        node.to(backend);
      } catch (UnsupportedOperationException e) {
        return CaseResult.unsupported(c.kind(), c.name(), backend.name(), e.getMessage());
      }
    }
    for (String role : c.files().keySet()) {
      boolean known = role.equals("x") || role.equals("grad_out") || role.equals("spike") || role.equals("grad_x")
          || role.equals("v_final") || role.equals("v_seq") || role.startsWith("param_") || role.startsWith("grad_");
      if (!known) {
        throw new IOException("unknown golden file role '" + role + "' for a neuron case");
      }
    }
    for (Map.Entry<String, String> e : c.files().entrySet()) {
      if (e.getKey().startsWith("param_")) {
        String p = e.getKey().substring("param_".length());
        Tensor sp = node.namedParameters().get(p);
        if (sp == null) {
          throw new IOException(model + " has no learnable parameter '" + p + "'");
        }
        NdArray v = reader.read(ConformanceIndex.resolveInside(dir, e.getValue(), "case " + c.name() + ": files."
            + e.getKey()));
        if (v.size() != 1) {
          throw new IOException("param_" + p + " has " + v.size() + " values; only scalars are supported");
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
          sp.set(v.get(0), 0);
        }
      }
    }
    NdArray x = load(c, "x");
    int[] shape = x.shape();
    if (shape.length < 2 || x.size() == 0) {
      throw new IOException("x must have shape [T, N, ...] with values, got " + Arrays.toString(shape));
    }
    if (c.shape() != null && !Arrays.equals(c.shape(), shape)) {
      throw new IOException("case " + c.name() + ": x has shape " + Arrays.toString(shape) + ", the index says "
          + Arrays.toString(c.shape()));
    }
    if (!c.files().containsKey("spike") && !c.files().containsKey("v_seq") && !c.files().containsKey("v_final")
        && !c.files().containsKey("grad_x")) {
      throw new IOException("case " + c.name() + " has no golden output (spike, v_seq, v_final or grad_x)");
    }
    int t = shape[0];
    int n = x.size() / t;
    Tensor xt = Tensor.fromArray(backend, x.floats(), shape).requiresGrad(true);
    Tensor out = node.forward(xt);
    float[] spike = out.toFloatArray();
    float[] fireInput = node.lastFireInput();
    float vth = (float) node.vThreshold();
    Check check = new Check();
    boolean[] tied = new boolean[n];
    int ties = 0;
    if (c.files().containsKey("spike")) {
      NdArray golden = load(c, "spike");
      if (!Arrays.equals(golden.shape(), shape)) {
        check.fail("spike: shape " + Arrays.toString(shape) + ", golden has " + Arrays.toString(golden.shape()));
      } else {
        int mismatches = 0;
        for (int i = 0; i < spike.length; i++) {
          if (spike[i] != golden.get(i) && !tied[i % n]) {
            if (Math.abs(fireInput[i] - vth) < TIE) {
              tied[i % n] = true;
              ties++;
            } else {
              mismatches++;
            }
          }
        }
        if (mismatches > 0) {
          check.fail("spike: " + mismatches + " of " + spike.length + " differ");
        }
      }
    }
    boolean[] skip = ties > 0 ? tied : null;
    if (c.files().containsKey("v_seq")) {
      check.values("v_seq", node.vSeq().toFloatArray(), node.vSeq().shape(), load(c, "v_seq"), skip, n);
    }
    if (c.files().containsKey("v_final")) {
      check.values("v_final", node.v().toFloatArray(), Arrays.copyOfRange(shape, 1, shape.length),
          load(c, "v_final"), skip, n);
    }
    if (c.files().containsKey("grad_out")) {
      NdArray gradOut = load(c, "grad_out");
      if (!Arrays.equals(gradOut.shape(), shape)) {
        throw new IOException("case " + c.name() + ": grad_out has shape " + Arrays.toString(gradOut.shape())
            + ", x has " + Arrays.toString(shape));
      }
      out.backward(Tensor.fromArray(backend, gradOut.floats(), shape));
      float[] gradX = xt.grad().toFloatArray();
      if (c.files().containsKey("grad_x")) {
        check.values("grad_x", gradX, shape, load(c, "grad_x"), skip, n);
      }
      for (Map.Entry<String, String> e : c.files().entrySet()) {
        String role = e.getKey();
        if (role.startsWith("grad_") && !role.equals("grad_out") && !role.equals("grad_x")) {
          String p = role.substring("grad_".length());
          Tensor sp = node.namedParameters().get(p);
          if (sp == null) {
            check.fail(role + ": " + model + " has no learnable parameter '" + p + "'");
            continue;
          }
          NdArray g = reader.read(ConformanceIndex.resolveInside(dir, e.getValue(), "case " + c.name() + ": files."
              + role));
          check.values(role, new float[] {sp.grad() == null ? 0f : (float) sp.grad().item()}, new int[] {1}, g, null,
              1);
        }
      }
    } else if (c.files().containsKey("grad_x")) {
      check.fail("grad_x given without grad_out");
    }
    if (ties > 0) {
      check.summary.append(" (").append(ties).append(" neurons at a threshold tie not compared after it)");
    }
    return check.result(c);
  }
}
