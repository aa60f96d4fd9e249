package org.neurospark.snn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurospark.snn.conformance.CaseResult;
import org.neurospark.snn.conformance.ConformanceRunner;
import org.neurospark.snn.conformance.NpyArrayReader;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.cpu.CpuBackend;
import org.neurospark.snn.tensor.sealed.SealedBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurospark snn conformance DIR [--backend cpu|sealed] [--json]}: runs every case of {@code DIR/index.json}
 * and prints one line per case ({@code PASS|FAILED kind name detail}) and a last line {@code N passed, M failed};
 * exit code 1 if any failed. With {@code --json}: one object {@code {"passed", "failed", "cases": [{"kind", "name",
 * "passed", "detail", "max_error"}]}}.
 *
 * <p>{@code --backend} (default {@code cpu}) picks where the cases' tensors and modules live
 * ({@link ConformanceRunner#ConformanceRunner(java.nio.file.Path, org.neurospark.snn.conformance.ArrayReader,
 * Backend)}): {@code sealed} is the validation backend whose memory the host reads only through downloads
 * ({@link SealedBackend}); the tolerances are the CPU's on both (the sealed backend runs the CPU kernels behind
 * its seal). A case whose model cannot run on that backend yet is a failed line whose detail starts
 * {@code unsupported on backend B:} with the reason. On a backend other than the CPU the summary line goes on
 * {@code (K unsupported) on backend B} and the JSON object has {@code "backend"}, {@code "unsupported"} (a count)
 * and a boolean {@code "unsupported"} per case; the CPU's output is as it was before the option existed.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = "Check surrogate and neuron golden cases (DIR/index.json + .npy files) against this implementation."
        + " Cases of kinds not implemented yet, or not runnable on the chosen backend yet, are reported as failed.")
public final class ConformanceCommand implements Callable<Integer> {
  /** Backends the cases can run on. */
  enum BackendName { cpu, sealed }

  @Option(names = "--backend", paramLabel = "cpu|sealed", defaultValue = "cpu",
      description = "where tensors and modules live: cpu (default) or sealed (host reads only through downloads;"
          + " same tolerances as the CPU)")
  BackendName backendName;

  @Parameters(index = "0", paramLabel = "DIR", description = "directory with index.json and the .npy files")
  Path dir;

  @Option(names = "--json", description = "print one JSON object instead of text lines")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Backend backend = backendName == BackendName.sealed ? new SealedBackend() : CpuBackend.INSTANCE;
    boolean cpu = backend instanceof CpuBackend;
    List<CaseResult> results = new ConformanceRunner(dir, new NpyArrayReader(), backend).runAll();
    int passed = 0;
    int unsupported = 0;
    for (CaseResult r : results) {
      if (r.passed()) {
        passed++;
      }
      if (r.unsupported()) {
        unsupported++;
      }
    }
    int failed = results.size() - passed;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper om = new ObjectMapper();
      ObjectNode root = om.createObjectNode();
      root.put("passed", passed);
      root.put("failed", failed);
      if (!cpu) {
        root.put("backend", backend.name());
        root.put("unsupported", unsupported);
      }
      ArrayNode arr = root.putArray("cases");
      for (CaseResult r : results) {
        ObjectNode o = arr.addObject();
        o.put("kind", r.kind());
        o.put("name", r.name());
        o.put("passed", r.passed());
        o.put("detail", r.detail());
        if (!cpu) {
          o.put("unsupported", r.unsupported());
        }
        if (Double.isNaN(r.maxError())) {
          o.putNull("max_error");
        } else {
          o.put("max_error", r.maxError());
        }
      }
      out.println(om.writeValueAsString(root));
    } else {
      for (CaseResult r : results) {
        out.println(String.format(Locale.ROOT, "%s %-9s %-32s %s", r.passed() ? "PASS  " : "FAILED", r.kind(),
            r.name(), r.detail()));
      }
      out.println(passed + " passed, " + failed + " failed"
          + (cpu ? "" : " (" + unsupported + " unsupported) on backend " + backend.name()));
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
