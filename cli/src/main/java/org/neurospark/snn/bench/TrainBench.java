package org.neurospark.snn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.neurospark.snn.data.ImageDataset;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.models.NeuronChoice;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.optim.Adam;
import org.neurospark.snn.tensor.Init;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.sealed.SealedBackend;
import org.neurospark.snn.train.StepResult;
import org.neurospark.snn.train.StepSeeds;
import org.neurospark.snn.train.TrainStep;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;

/**
 * Training-step throughput (not a test): csnn-fmnist (or another zoo model) with Adam, MSE firing-rate loss, direct
 * encoding; reports images/s of full steps ({@link TrainStep}: encode, forward, loss, backward, Adam step, reset)
 * and the split into
 * forward / backward / optimizer time. Comparable with SpikingJelly's CPU figure (33 images/s on 1 thread,
 * 65 on 2, for channels 128, T 4, batch 64, Adam).
 *
 * <pre>
 * java -Xmx4g --add-modules jdk.incubator.vector -cp "snn-core/target/classes:snn-core/target/lib/*" \
 *   org.neurospark.snn.bench.TrainBench [--model csnn-fmnist] [--channels 128] [-T 4] [--batch 64] [--threads 2]
 *   [--steps 5] [--warmup 2] [--data DIR] [--backend cpu|sealed]
 *   [--torch-baseline tools/pytorch/csnn_interop.py [--python python3]]
 * </pre>
 * With {@code --backend sealed} the model and its optimizer state are moved to a {@link SealedBackend} (the
 * validation backend whose memory the host reads only through downloads; CPU kernels behind the seal) and every
 * step uploads its batch there; the transfers of each timed step, from the batch upload to the end of the
 * optimizer step (the labels' upload included, the loss read for printing excluded), are counted, and the output
 * ends with the line {@code host transfers per step: N} (uploads + downloads per step; a mean with two decimals if
 * the steps differ). The default {@code cpu} prints as before.
 * With {@code --torch-baseline} (csnn-fmnist and --data only) the same step (channels, T, batch, threads, Adam, MSE
 * rate loss) is then timed in PyTorch by that script in this run, and the ratio printed.
 * Without --data the images are uniform random pixels (same cost; spike counts differ slightly).
 */
public final class TrainBench {
  private TrainBench() {}

  public static void main(String[] args) throws Exception {
    String model = "csnn-fmnist";
    int channels = 128;
    int t = 4;
    int batch = 64;
    int threads = 2;
    int steps = 5;
    int warmup = 2;
    Path data = null;
    String torchScript = null;
    String python = "python3";
    String backendName = "cpu";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model": model = args[++i]; break;
        case "--channels": channels = Integer.parseInt(args[++i]); break;
        case "-T": t = Integer.parseInt(args[++i]); break;
        case "--batch": batch = Integer.parseInt(args[++i]); break;
        case "--threads": threads = Integer.parseInt(args[++i]); break;
        case "--steps": steps = Integer.parseInt(args[++i]); break;
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        case "--data": data = Path.of(args[++i]); break;
        case "--torch-baseline": torchScript = args[++i]; break;
        case "--python": python = args[++i]; break;
        case "--backend": backendName = args[++i]; break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    CpuContext cpuContext = CpuContext.open(CpuConfig.fromEnvironment().withThreads(threads));
    CpuContext.Scope inContext = cpuContext.enter();
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("--steps must be at least 1 and --warmup at least 0");
    }
    if (!backendName.equals("cpu") && !backendName.equals("sealed")) {
      throw new IllegalArgumentException("--backend must be cpu or sealed, got " + backendName);
    }
    SealedBackend sealed = backendName.equals("sealed") ? new SealedBackend() : null;
    Module net = ModelZoo.create(model, channels, model.equals("csnn-fmnist") ? NeuronChoice.parse("IF") : null, 1);
    if (sealed != null) {
      net.to(sealed);
    }
    Adam opt = Adam.adam(net.namedParameters(), 1e-3);
    TrainStep step = new TrainStep(net, Loss.named("mse"), InputEncoder.named("direct", t), opt);
    ModelZoo.InputSpec in = ModelZoo.inputSpec(model);
    Tensor x = Tensor.zeros(batch, in.channels(), in.height(), in.width());
    int[] labels = new int[batch];
    Rng rng = new Rng(5);
    if (data != null && Files.isDirectory(data)) {
      ImageDataset ds = ImageDataset.loadIdx(data, true);
      int[] idx = new int[batch];
      for (int i = 0; i < batch; i++) {
        idx[i] = i;
      }
      ds.fillBatch(idx, 0, x, labels);
    } else {
      Init.uniform_(x, 0, 1, rng);
      for (int i = 0; i < batch; i++) {
        labels[i] = rng.nextInt(in.classes());
      }
    }
    System.out.printf(Locale.ROOT, "model %s channels %d T %d batch %d threads %d, %d parameters%s%n", model,
        channels, t, batch, threads, net.parameterCount(), sealed == null ? "" : ", backend sealed");
    float[] hostBatch = sealed == null ? null : x.toFloatArray();
    long uploads = 0;
    long downloads = 0;
    long upBytes = 0;
    long downBytes = 0;
    long minTransfers = Long.MAX_VALUE;
    long maxTransfers = 0;
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = 0;
    double fw = 0;
    double bw = 0;
    double op = 0;
    long t0 = 0;
    for (int s = 0; s < warmup + steps; s++) {
      if (s == warmup) {
        fw = 0;
        bw = 0;
        op = 0;
        t0 = System.nanoTime();
        cpu0 = os.getProcessCpuTime();
      }
      long a = System.nanoTime();
      StepResult r;
      Tensor xs = null;
      if (sealed == null) {
        r = step.step(new Batch(x, labels), new StepSeeds(1, 1));
      } else {
        sealed.resetCounts();
        xs = Tensor.fromArray(sealed, hostBatch, x.shape());
        r = step.step(new Batch(xs, labels), new StepSeeds(1, 1));
        if (s >= warmup) {
          uploads += sealed.uploads();
          downloads += sealed.downloads();
          upBytes += sealed.uploadedBytes();
          downBytes += sealed.downloadedBytes();
          minTransfers = Math.min(minTransfers, sealed.transfers());
          maxTransfers = Math.max(maxTransfers, sealed.transfers());
        }
      }
      long d = System.nanoTime();
      fw += r.forwardNanos() / 1e9;
      bw += r.backwardNanos() / 1e9;
      op += r.optimizerNanos() / 1e9;
      System.out.printf(Locale.ROOT, "step %d%s: %.2f s (forward %.2f, backward %.2f, optimizer %.3f), loss %.5f%n",
          s, s < warmup ? " (warm-up)" : "", (d - a) / 1e9, r.forwardNanos() / 1e9, r.backwardNanos() / 1e9,
          r.optimizerNanos() / 1e9, r.loss());
      r.release(); // read: the step's loss and output storages go back now
      if (xs != null) {
        xs.storage().release(); // this loop's batch upload
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    System.out.printf(Locale.ROOT, "train step: %.1f images/s (%d steps of %d images in %.2f s; forward %.0f%%,"
        + " backward %.0f%%, optimizer %.0f%%) on %d threads%n", steps * batch / secs, steps, batch, secs,
        100 * fw / secs, 100 * bw / secs, 100 * op / secs, threads);
    // On a shared machine the wall rate understates the code: CPU seconds used per image bound what N idle cores
    // would reach (assuming perfect use of the threads).
    System.out.printf(Locale.ROOT, "process CPU %.2f s (%.2f cores busy on average, load average %.1f): %.1f images"
        + " per CPU-second, i.e. about %.1f images/s if %d cores were free%n", cpu, cpu / secs,
        os.getSystemLoadAverage(), steps * batch / cpu, threads * steps * batch / cpu, threads);
    inContext.close();
    cpuContext.close();
    if (sealed != null) {
      System.out.printf(Locale.ROOT, "sealed backend after the last step: %d live storages (%d bytes)%n",
          sealed.liveStorages(), sealed.liveBytes());
      System.out.printf(Locale.ROOT, "sealed backend, per timed step: %.2f uploads (%.0f bytes), %.2f downloads"
          + " (%.0f bytes), batch upload and labels included%n", (double) uploads / steps, (double) upBytes / steps,
          (double) downloads / steps, (double) downBytes / steps);
    }
    if (torchScript != null) {
      if (!model.equals("csnn-fmnist") || data == null) {
        throw new IllegalArgumentException("--torch-baseline times csnn-fmnist and needs --data");
      }
      double torch = torchImagesPerSecond(python, torchScript, data, channels, t, batch, threads, steps);
      System.out.printf(Locale.ROOT, "PyTorch baseline (same run): %.1f images/s on %d threads; Neurospark %.1f"
          + " images/s = %.2fx%n", torch, threads, steps * batch / secs, steps * batch / secs / torch);
    }
    if (sealed != null) {
      System.out.println("host transfers per step: " + (minTransfers == maxTransfers ? Long.toString(minTransfers)
          : String.format(Locale.ROOT, "%.2f", (double) (uploads + downloads) / steps)));
    }
  }

  /** Runs the PyTorch CSNN step benchmark and returns its images/s (the JSON line's {@code images_per_s}). */
  private static double torchImagesPerSecond(String python, String script, Path data, int channels, int t,
      int batch, int threads, int steps) throws java.io.IOException, InterruptedException {
    Process p = new ProcessBuilder(python, script, "bench", data.toString(), "-T", Integer.toString(t),
        "--channels", Integer.toString(channels), "--batch", Integer.toString(batch), "--threads",
        Integer.toString(threads), "--steps", Integer.toString(steps)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int rc = p.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"images_per_s\": ([0-9.eE+-]+)").matcher(out);
    if (rc != 0 || !m.find()) {
      throw new IllegalStateException("PyTorch baseline failed (exit " + rc + "): " + out.strip());
    }
    return Double.parseDouble(m.group(1));
  }
}
