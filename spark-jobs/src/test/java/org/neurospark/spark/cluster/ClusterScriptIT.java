package org.neurospark.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.testing.ScriptResult;
import org.neurospark.spark.testing.StandaloneCluster;

/** spark-cluster.sh refuses bad input with a clear message and starts nothing (no Spark process is needed). */
class ClusterScriptIT {
  private static final Duration T = Duration.ofSeconds(120);

  private static Path dir(String name) throws IOException {
    return Files.createDirectories(
        Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath().resolve("script").resolve(name));
  }

  private static void refused(ScriptResult r, String message) {
    assertNotEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains(message), "expected '" + message + "' in:\n" + r.stderr());
    assertEquals("", r.stdout());
  }

  @Test
  void badOptionsAreRefused() throws IOException {
    Path d = dir("options");
    refused(StandaloneCluster.run(d, T, "start", "--workers", "0"), "--workers must be a positive integer");
    refused(StandaloneCluster.run(d, T, "start", "--cores", "two"), "--cores must be a positive integer");
    refused(StandaloneCluster.run(d, T, "start", "--memory", "lots"), "--memory must look like 512m or 1g");
    refused(StandaloneCluster.run(d, T, "start", "--spark-version", "latest"), "not a Spark version: 'latest'");
    refused(StandaloneCluster.run(d, T, "start", "--bogus"), "start: unknown option '--bogus'");
    refused(StandaloneCluster.run(d, T, "frobnicate"), "unknown command 'frobnicate'");
  }

  @Test
  void withoutAClusterStatusSaysSoStopIsANoOpAndSubmitNeedsAMaster() throws IOException {
    Path d = dir("none");
    ScriptResult status = StandaloneCluster.run(d, T, "status");
    assertEquals(3, status.exitCode());
    assertTrue(status.stdout().contains("no cluster under"), status.stdout());
    assertEquals(0, StandaloneCluster.run(d, T, "stop").exitCode());
    refused(StandaloneCluster.run(d, T, "submit", "--class", "C", "app.jar"), "no cluster running under");
    refused(StandaloneCluster.run(d, T, "url"), "no cluster running under");
  }

  @Test
  void aBusyPortIsRefusedAndNothingIsLeftRunning() throws IOException {
    Path d = dir("busy");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptResult r = StandaloneCluster.run(d, StandaloneCluster.START_TIMEOUT, "start", "--port",
          Integer.toString(busy.getLocalPort()));
      refused(r, "port " + busy.getLocalPort() + " is in use");
    }
    assertEquals(3, StandaloneCluster.run(d, T, "status").exitCode());
  }
}
