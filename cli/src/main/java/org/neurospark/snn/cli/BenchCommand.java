package org.neurospark.snn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurospark.snn.bench.EngineBench;
import org.neurospark.snn.bench.NeuronBench;
import org.neurospark.snn.bench.TrainBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code snn bench neurons|engine|train [ARGS...]}: the snn-core benchmarks, each with a baseline measured in the same
 * run. Arguments after the suite name go to the suite unchanged (see each suite's Javadoc).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks (not tests), each reporting a baseline measured in the same run:",
        "  neurons [T] [N] [ITERS]   fused multi-step LIF/PLIF forward+backward, 1 and 2 threads, vs a streaming pass"
            + " (defaults 16 262144 20)",
        "  engine [T] [N]            SGEMM and conv2d forward/backward GFLOP/s vs naive loops, fused batch norm"
            + " (defaults 8 64)",
        "  train [--model M] [--channels C] [-T T] [--batch B] [--threads N] [--steps S (5)] [--warmup W (8)]",
        "        [--data DIR]",
        "        [--backend cpu|sealed]",
        "                            one training step of a model-zoo network in images/s;",
        "                            --backend sealed moves model and optimizer to the sealed validation",
        "                            backend and ends with 'host transfers per step: N'",
        "                            [--torch-baseline SCRIPT [--python EXE]] also times the same",
        "                            csnn-fmnist step in PyTorch (tools/pytorch/csnn_interop.py)",
        "                            in this run and prints the ratio; [--peer CMD]... times any peer in this",
        "                            run: sh -c 'CMD \"$@\"' with --model M -T T --channels C --batch B",
        "                            --threads N --steps S --warmup W [--data DIR] appended, printing",
        "                            a line with \"images_per_s\": X; [--rounds R] alternates ours and the",
        "                            peers R times and prints the medians and their ratio",
        "For stable numbers fix the heap: NEUROSPARK_JAVA_OPTS=\"-Xms4g -Xmx4g -XX:+AlwaysPreTouch\"."})
public final class BenchCommand implements Callable<Integer> {
  /** Benchmark suites. */
  enum Suite { neurons, engine, train }

  @Parameters(index = "0", paramLabel = "SUITE", description = "neurons, engine or train")
  Suite suite;

  /** Everything after SUITE, in order (options of the suite included: see {@link SnnCli#commandLine()}). */
  @Parameters(index = "1..*", paramLabel = "ARGS", arity = "0..*", description = "arguments of the suite")
  List<String> suiteArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String[] args = suiteArgs.toArray(new String[0]);
    switch (suite) {
      case neurons:
        NeuronBench.main(args);
        break;
      case engine:
        EngineBench.main(args);
        break;
      case train:
        TrainBench.main(args);
        break;
      default:
        throw new IllegalStateException("unknown suite " + suite);
    }
    return 0;
  }
}
