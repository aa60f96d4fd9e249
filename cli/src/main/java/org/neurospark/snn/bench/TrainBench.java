package org.neurospark.snn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurospark.events.bench.BenchMachine;
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
import org.neurospark.snn.tensor.cpu.Cpu;
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
 *   [--steps 5] [--warmup 8] [--data DIR] [--backend cpu|sealed]
 *   [--torch-baseline tools/pytorch/csnn_interop.py [--python python3]] [--peer CMD]... [--rounds R]
 * </pre>
 * With {@code --backend sealed} the model and its optimizer state are moved to a {@link SealedBackend} (the
 * validation backend whose memory the host reads only through downloads; CPU kernels behind the seal) and every
 * step uploads its batch there; the transfers of each timed step, from the batch upload to the end of the
 * optimizer step (the labels' upload included, the loss read for printing excluded), are counted, and the output
 * ends with the line {@code host transfers per step: N} (uploads + downloads per step; a mean with two decimals if
 * the steps differ). The default {@code cpu} prints as before.
 * <p>Same-run peers: {@code --peer CMD} (repeatable) runs {@code /bin/sh -c 'CMD "$@"'} with the step's
 * settings appended ({@code --model M -T T --channels C --batch B --threads N --steps S --warmup W [--data DIR]});
 * the peer times the same step itself and prints a line holding {@code "images_per_s": X}. It lives outside the
 * repository (e.g. a SpikingJelly timing script), so nothing of the peer is built or shipped here. With
 * {@code --torch-baseline SCRIPT} (csnn-fmnist and --data only) the plain-PyTorch CSNN of
 * {@code tools/pytorch/csnn_interop.py bench} is one more peer. {@code --rounds R} alternates R times between our
 * timed steps and every peer (the warm-up in the first round, one untimed step in later ones, as each peer warms up
 * in every round of its own), so that on a shared machine both see the same
 * load; each round prints the ratio, and a last line the medians: {@code same run, median of R rounds: Neurospark
 * X images/s on N threads; peer 1 Y images/s, ratio Z x (median of the rounds' ratios Q x)} (X/Y, and the median of
 * the ratios of each round's pair, which a load change between rounds disturbs less).
 *
 * <p>The second line names the machine ({@link BenchMachine}: CPU model, whether the JIT uses AVX-512, the
 * preferred vector width and load) and the Vector API species width the kernels use ({@link Cpu#vectorBits()}).
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
    // the first steps run the Vector API kernels interpreted or half-compiled until C2 has compiled them (several
    // seconds; the sparse paths only start once a layer's spikes are sparse enough): 8 untimed steps reach the
    // steady state on the zoo models, 2 under-reported it by several percent
    int warmup = 8;
    Path data = null;
    String torchScript = null;
    String python = "python3";
    String backendName = "cpu";
    List<String> peerCommands = new ArrayList<>();
    int rounds = 1;
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
        case "--peer": peerCommands.add(args[++i]); break;
        case "--rounds": rounds = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    CpuContext cpuContext = CpuContext.open(CpuConfig.fromEnvironment().withThreads(threads));
    CpuContext.Scope inContext = cpuContext.enter();
    if (steps < 1 || warmup < 0 || rounds < 1) {
      throw new IllegalArgumentException("--steps and --rounds must be at least 1 and --warmup at least 0");
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
    BenchMachine machine = BenchMachine.current();
    System.out.printf(Locale.ROOT, "%s; Vector API preferred species: %d bits%n", machine.describe(),
        Cpu.vectorBits());
    List<Peer> peers = new ArrayList<>();
    for (String cmd : peerCommands) {
      List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", cmd + " \"$@\"", "peer", "--model", model,
          "-T", Integer.toString(t), "--channels", Integer.toString(channels), "--batch", Integer.toString(batch),
          "--threads", Integer.toString(threads), "--steps", Integer.toString(steps), "--warmup",
          Integer.toString(warmup)));
      if (data != null) {
        argv.add("--data");
        argv.add(data.toString());
      }
      peers.add(new Peer("peer " + (peers.size() + 1), argv));
      System.out.printf(Locale.ROOT, "peer %d: %s (appended: %s)%n", peers.size(), cmd,
          String.join(" ", argv.subList(4, argv.size())));
    }
    if (torchScript != null) {
      if (!model.equals("csnn-fmnist") || data == null) {
        throw new IllegalArgumentException("--torch-baseline times csnn-fmnist and needs --data");
      }
      peers.add(new Peer("PyTorch baseline", List.of(python, torchScript, "bench", data.toString(), "-T",
          Integer.toString(t), "--channels", Integer.toString(channels), "--batch", Integer.toString(batch),
          "--threads", Integer.toString(threads), "--steps", Integer.toString(steps))));
    }
    float[] hostBatch = sealed == null ? null : x.toFloatArray();
    Transfers transfers = new Transfers();
    double[] ours = new double[rounds];
    double[][] theirs = new double[peers.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      if (rounds > 1) {
        System.out.printf(Locale.ROOT, "round %d of %d (load average %s)%n", round + 1, rounds,
            BenchMachine.current().loadAverage());
      }
      // the full warm-up in the first round; later rounds re-warm with one untimed step (caches and TLBs after the
      // peers ran; each peer warms up in every round of its own)
      ours[round] = timeSteps(step, x, labels, sealed, hostBatch, round == 0 ? warmup : Math.min(warmup, 1), steps,
          batch, threads,
          transfers);
      for (int k = 0; k < peers.size(); k++) {
        Peer peer = peers.get(k);
        theirs[k][round] = peer.imagesPerSecond();
        System.out.printf(Locale.ROOT, "%s (same run): %.1f images/s on %d threads; Neurospark %.1f images/s ="
            + " %.2fx%n", peer.name, theirs[k][round], threads, ours[round], ours[round] / theirs[k][round]);
      }
    }
    inContext.close();
    cpuContext.close();
    if (rounds > 1 || !peers.isEmpty()) {
      double our = median(ours);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "same run, median of %d round%s: Neurospark"
          + " %.1f images/s on %d threads", rounds, rounds == 1 ? "" : "s", our, threads));
      for (int k = 0; k < peers.size(); k++) {
        double their = median(theirs[k]);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = ours[r] / theirs[k][r];
        }
        line.append(String.format(Locale.ROOT, "; %s %.1f images/s, ratio %.2fx (median of the rounds' ratios"
            + " %.2fx)", peers.get(k).name, their, our / their, median(ratios)));
      }
      System.out.println(line);
    }
    if (sealed != null) {
      long timed = (long) steps * rounds;
      System.out.printf(Locale.ROOT, "sealed backend after the last step: %d live storages (%d bytes)%n",
          sealed.liveStorages(), sealed.liveBytes());
      System.out.printf(Locale.ROOT, "sealed backend, per timed step: %.2f uploads (%.0f bytes), %.2f downloads"
          + " (%.0f bytes), batch upload and labels included%n", (double) transfers.uploads / timed,
          (double) transfers.upBytes / timed, (double) transfers.downloads / timed,
          (double) transfers.downBytes / timed);
      System.out.println("host transfers per step: " + (transfers.min == transfers.max ? Long.toString(transfers.min)
          : String.format(Locale.ROOT, "%.2f", (double) (transfers.uploads + transfers.downloads) / timed)));
    }
  }

  /** Transfers of the sealed backend summed over the timed steps, and the fewest and most of one step. */
  private static final class Transfers {
    long uploads;
    long downloads;
    long upBytes;
    long downBytes;
    long min = Long.MAX_VALUE;
    long max;
  }

  /**
   * Runs {@code warmup} untimed then {@code steps} timed training steps, printing each step and the round's rate
   * and CPU use; returns the timed steps' images per second (wall clock).
   */
  private static double timeSteps(TrainStep step, Tensor x, int[] labels, SealedBackend sealed, float[] hostBatch,
      int warmup, int steps, int batch, int threads, Transfers tr) {
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
          tr.uploads += sealed.uploads();
          tr.downloads += sealed.downloads();
          tr.upBytes += sealed.uploadedBytes();
          tr.downBytes += sealed.downloadedBytes();
          tr.min = Math.min(tr.min, sealed.transfers());
          tr.max = Math.max(tr.max, sealed.transfers());
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
    return steps * batch / secs;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * A same-run peer: a process that times the same training step itself and prints a line with
   * {@code "images_per_s": X} (the last such line counts); its whole output is echoed.
   */
  private static final class Peer {
    final String name;
    final List<String> argv;

    Peer(String name, List<String> argv) {
      this.name = name;
      this.argv = argv;
    }

    double imagesPerSecond() throws java.io.IOException, InterruptedException {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int rc = p.waitFor();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"images_per_s\": ([0-9.eE+-]+)").matcher(out);
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      if (rc != 0 || last == null) {
        throw new IllegalStateException(name + " failed (exit " + rc + ", command " + argv + "): " + out.strip());
      }
      for (String line : out.strip().split("\n")) {
        if (line.contains("\"images_per_s\"")) {
          System.out.println(name + " reports: " + line.strip());
        }
      }
      return Double.parseDouble(last);
    }
  }
}
