package org.neurospark.snn.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.train.StepResult;
import org.neurospark.snn.train.StepSeeds;
import org.neurospark.snn.train.TrainStep;

/**
 * Golden cases of kind {@code network}: a small SpikingJelly network trained for one step in multi-step mode. The
 * case name selects the architecture ({@code csnn_small}: {@link ModelZoo#csnnSmall}); parameters come from the
 * {@code param_<name>} files, then one forward on {@code x} [T, N, ...], the MSE firing-rate loss against
 * {@code label}, and backward. Checked: {@code out_spikes} (exact), {@code loss}, every {@code grad_<name>} and
 * {@code buffer_<name>} (BatchNorm running statistics and {@code num_batches_tracked}).
 *
 * <p>Values pass when {@code |a − b| ≤ RTOL·|b| + ATOL·max|golden|} with RTOL = {@value #RTOL}, ATOL =
 * {@value #ATOL}: float32 convolutions and reductions summed in another order differ by a few ulps of the largest
 * term, which the relative part alone would reject for near-zero gradients.
 *
 * <p>On a backend other than the CPU the parameters are loaded on the CPU, then the network is moved there
 * ({@link Module#to(Backend)}; refused, and the case reported unsupported, when one of its modules computes on host
 * arrays), the input is uploaded there and the labels follow the outputs' backend; the same tolerances apply.
 */
final class NetworkCaseRunner {
  static final double RTOL = 1e-4;
  static final double ATOL = 1e-5;

  private NetworkCaseRunner() {}

  static CaseResult run(ConformanceCase c, Path dir, ArrayReader reader, Backend backend) throws IOException {
    Module net;
    switch (c.name()) {
      case "csnn_small":
        net = ModelZoo.csnnSmall(0);
        break;
      default:
        throw new IOException("unknown network case '" + c.name() + "' (known: csnn_small)");
    }
    net.setStepMode('m');
    net.train(true);
    Map<String, Tensor> params = net.namedParameters();
    Map<String, Tensor> buffers = net.namedBuffers();
    for (Map.Entry<String, String> e : c.files().entrySet()) {
      String role = e.getKey();
      boolean known = role.equals("x") || role.equals("label") || role.equals("out_spikes") || role.equals("loss")
          || role.startsWith("param_") || role.startsWith("grad_") || role.startsWith("buffer_");
      if (!known) {
        throw new IOException("unknown golden file role '" + role + "' for a network case");
      }
      if (role.startsWith("param_")) {
        String p = role.substring(6);
        Tensor t = params.get(p);
        if (t == null) {
          throw new IOException("network has no parameter '" + p + "' (has " + params.keySet() + ")");
        }
        NdArray v = reader.read(dir.resolve(e.getValue()));
        if (v.size() != t.numel()) {
          throw new IOException("param_" + p + " has " + v.size() + " values, parameter " + t.numel());
        }
        System.arraycopy(v.floats(), 0, t.floatData(), t.offset(), t.numel());
        t.storage().bumpVersion();
      }
    }
    if (backend != params.values().iterator().next().backend()) {
      try {
        net.to(backend);
      } catch (UnsupportedOperationException e) {
        return CaseResult.unsupported(c.kind(), c.name(), backend.name(), e.getMessage());
      }
      params = net.namedParameters();
      buffers = net.namedBuffers();
    }
    NdArray xa = reader.read(dir.resolve(file(c, "x")));
    NdArray la = reader.read(dir.resolve(file(c, "label")));
    int[] labels = new int[la.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) la.get(i);
    }
    Tensor x = Tensor.fromArray(backend, xa.floats(), xa.shape());
    StepResult step = new TrainStep(net, Losses::mseRate, InputEncoder.timeMajor(), null)
        .computeGradients(new Batch(x, labels), new StepSeeds(0, 0));
    Tensor out = step.output();
    Tensor loss = step.lossTensor();
    StringBuilder fails = new StringBuilder();
    StringBuilder summary = new StringBuilder();
    double worst = 0;
    if (c.files().containsKey("out_spikes")) {
      NdArray g = reader.read(dir.resolve(file(c, "out_spikes")));
      float[] a = out.toFloatArray();
      int diff = a.length == g.size() ? 0 : -1;
      for (int i = 0; diff >= 0 && i < a.length; i++) {
        if (a[i] != g.get(i)) {
          diff++;
        }
      }
      if (diff != 0) {
        append(fails, "out_spikes: " + (diff < 0 ? "shape differs" : diff + " of " + a.length + " differ"));
      }
    }
    if (c.files().containsKey("loss")) {
      NdArray g = reader.read(dir.resolve(file(c, "loss")));
      worst = Math.max(worst, compare("loss", new double[] {loss.item()}, g, fails, summary));
    }
    for (Map.Entry<String, String> e : c.files().entrySet()) {
      String role = e.getKey();
      double[] actual = null;
      if (role.startsWith("grad_")) {
        Tensor p = params.get(role.substring(5));
        if (p == null) {
          append(fails, role + ": no such parameter");
          continue;
        }
        actual = p.grad() == null ? new double[p.numel()] : p.grad().toDoubleArray();
      } else if (role.startsWith("buffer_")) {
        Tensor t = buffers.get(role.substring(7));
        if (t == null) {
          append(fails, role + ": no such buffer");
          continue;
        }
        actual = t.toDoubleArray();
      }
      if (actual != null) {
        worst = Math.max(worst, compare(role, actual, reader.read(dir.resolve(e.getValue())), fails, summary));
      }
    }
    boolean ok = fails.length() == 0;
    return new CaseResult(c.kind(), c.name(), ok, ok ? ("max err:" + summary).trim() : fails.toString(), worst);
  }

  private static String file(ConformanceCase c, String role) throws IOException {
    String f = c.files().get(role);
    if (f == null) {
      throw new IOException("case " + c.name() + " has no '" + role + "' file");
    }
    return f;
  }

  private static void append(StringBuilder b, String s) {
    if (b.length() > 0) {
      b.append("; ");
    }
    b.append(s);
  }

  /** Returns the worst error in units of the tolerance's scale (|a−b| / (RTOL|b| + ATOL·max|g|) · RTOL). */
  private static double compare(String what, double[] a, NdArray g, StringBuilder fails, StringBuilder summary) {
    if (a.length != g.size()) {
      append(fails, what + ": " + a.length + " values, golden has " + g.size());
      return Double.POSITIVE_INFINITY;
    }
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(g.get(i)));
    }
    double maxAbs = 0;
    int bad = 0;
    int first = -1;
    for (int i = 0; i < a.length; i++) {
      double b = g.get(i);
      double d = Math.abs(a[i] - b);
      maxAbs = Math.max(maxAbs, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      if (!(d <= RTOL * Math.abs(b) + ATOL * scale)) {
        bad++;
        if (first < 0) {
          first = i;
        }
      }
    }
    double rel = scale == 0 ? maxAbs : maxAbs / scale;
    summary.append(String.format(Locale.ROOT, " %s %.1e", what, rel));
    if (bad > 0) {
      append(fails, String.format(Locale.ROOT, "%s: %d values off (first at %d: got %s, golden %s)", what, bad, first,
          a[first], g.get(first)));
    }
    return rel;
  }
}
