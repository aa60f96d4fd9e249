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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neurospark snn conformance DIR [--json]}: runs every case of {@code DIR/index.json} and prints one line per
 * case ({@code PASS|FAIL kind name detail}) and a last line {@code N passed, M failed}; exit code 1 if any failed.
 * With {@code --json}: one object {@code {"passed", "failed", "cases": [{"kind", "name", "passed", "detail",
 * "max_error"}]}}.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = "Check surrogate and neuron golden cases (DIR/index.json + .npy files) against this implementation."
        + " Cases of kinds not implemented yet are reported as failed.")
public final class ConformanceCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "directory with index.json and the .npy files")
  Path dir;

  @Option(names = "--json", description = "print one JSON object instead of text lines")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<CaseResult> results = new ConformanceRunner(dir, new NpyArrayReader()).runAll();
    int passed = 0;
    for (CaseResult r : results) {
      if (r.passed()) {
        passed++;
      }
    }
    int failed = results.size() - passed;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper om = new ObjectMapper();
      ObjectNode root = om.createObjectNode();
      root.put("passed", passed);
      root.put("failed", failed);
      ArrayNode arr = root.putArray("cases");
      for (CaseResult r : results) {
        ObjectNode o = arr.addObject();
        o.put("kind", r.kind());
        o.put("name", r.name());
        o.put("passed", r.passed());
        o.put("detail", r.detail());
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
      out.println(passed + " passed, " + failed + " failed");
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
