package org.neurospark.gpu;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.neurospark.gpu.driver.DriverInfo;

/**
 * The test runner of {@code gpu/device-check.sh} (a GPU machine has a JRE but no Maven): prints the machine's
 * {@link DriverInfo} report, runs every JUnit test of package {@code org.neurospark.gpu} (the GPU parity tests, the
 * neuron-kernel parity and training-step tests, and the host tests), prints each test with its outcome (skip reasons included) and a summary. Exit status: 0 when
 * nothing failed and, with {@code --require-gpu}, no GPU test was skipped; 1 otherwise.
 */
public final class DeviceCheck {
  private DeviceCheck() {}

  /** The tests that need a device (GpuParityTest, NeuronGpuParityTest, GpuTrainingStepTest). */
  private static boolean gpuTest(String id) {
    return id.contains("GpuParityTest") || id.contains("GpuTrainingStepTest");
  }

  /** Entry point; {@code --require-gpu} makes skipped GPU tests a failure. */
  public static void main(String[] args) {
    boolean requireGpu = args.length > 0 && args[0].equals("--require-gpu");
    DriverInfo.Probe probe = DriverInfo.probe();
    System.out.print(DriverInfo.report(probe));
    int[] gpuSkipped = {0};
    TestExecutionListener printer = new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        System.out.println("SKIP " + id.getDisplayName() + ": " + reason);
        if (gpuTest(id.getUniqueId())) {
          gpuSkipped[0]++;
        }
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult r) {
        if (id.isTest()) {
          String name = id.getUniqueId().replaceAll(".*\\[class:([^\\]]+)\\].*\\[method:([^\\]]+)\\].*", "$1.$2");
          System.out.println(r.getStatus() + " " + name + r.getThrowable().map(t -> ": " + t).orElse(""));
          if (r.getStatus() == TestExecutionResult.Status.ABORTED && gpuTest(name)) {
            gpuSkipped[0]++;
          }
        }
      }
    };
    LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("org.neurospark.gpu")).build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(req, printer, summary);
    TestExecutionSummary s = summary.getSummary();
    s.printTo(new PrintWriter(System.out, true));
    s.printFailuresTo(new PrintWriter(System.out, true), 30);
    boolean ok = s.getTotalFailureCount() == 0 && (!requireGpu || gpuSkipped[0] == 0);
    System.out.println("device-check: " + (ok ? "PASSED" : "FAILED") + " (" + s.getTestsSucceededCount()
        + " succeeded, " + s.getTestsFailedCount() + " failed, " + s.getTestsAbortedCount() + " aborted/skipped, "
        + gpuSkipped[0] + " GPU tests skipped)");
    System.exit(ok ? 0 : 1);
  }
}
