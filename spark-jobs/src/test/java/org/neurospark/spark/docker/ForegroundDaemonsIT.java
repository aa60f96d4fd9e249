package org.neurospark.spark.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.docker.DockerFiles.Instruction;

/**
 * What the containers run, run here on 127.0.0.1: {@code spark-cluster.sh master --foreground} and
 * {@code worker --foreground} (the compose file's commands; the worker with the GPU image's
 * {@code SPARK_WORKER_OPTS} and its discovery script over an nvidia-smi stand-in), then a job submitted through the
 * images' {@code SPARK_HOME/bin/spark-submit} wrapper with the arguments in the order Zeppelin's interpreter uses
 * (a {@code --driver-class-path} ending in .jar before {@code --conf spark.master=...}); finally SIGTERM, as
 * {@code docker stop} sends, stops each daemon, and no process the worker started outlives it.
 */
class ForegroundDaemonsIT {
  private static final Path ROOT = DockerFiles.root();

  @Test
  void foregroundMasterAndGpuWorkerRunAJobSubmittedZeppelinStyleAndStopOnSigterm() throws Exception {
    Path dir = Files.createDirectories(
        Path.of(System.getProperty("neurospark.it.dir", "target/it")).toAbsolutePath().resolve("docker"));
    Path fatJar = Path.of(System.getProperty("neurospark.fat.jar",
        "target/neurospark-spark-jobs-0.1.0-SNAPSHOT-all.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(fatJar), "fat jar missing: " + fatJar);
    Path scripts = Path.of(System.getProperty("neurospark.scripts.dir", "src/main/scripts")).toAbsolutePath();
    Map<String, String> env = new HashMap<>();
    env.put("NEUROSPARK_CLUSTER_DIR", dir.resolve("cluster").toString());
    env.put("NEUROSPARK_SPARK_CACHE", Path.of(System.getProperty("neurospark.spark.cache", "../.cluster/spark"))
        .toAbsolutePath().normalize().toString());
    env.put("NEUROSPARK_SPARK_VERSION", System.getProperty("neurospark.spark.version", "4.0.4"));

    // the GPU image's worker options, with its discovery script at its place in the repository
    String gpuEnv = DockerFiles.parse(ROOT.resolve("docker/gpu-worker/Dockerfile")).stream()
        .filter(i -> i.keyword().equals("ENV")).map(Instruction::args).reduce("", String::concat);
    Matcher opts = Pattern.compile("SPARK_WORKER_OPTS=\"([^\"]+)\"").matcher(gpuEnv);
    assertTrue(opts.find(), "no SPARK_WORKER_OPTS in the GPU image");
    String workerOpts = opts.group(1).replace("/opt/neurospark/scripts/gpu-discovery.sh",
        ROOT.resolve("docker/gpu-worker/gpu-discovery.sh").toString());
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\necho 0\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));

    int port = freePort();
    int webui = freePort();
    int workerUi = freePort();
    String masterUrl = "spark://127.0.0.1:" + port;
    List<Process> daemons = new ArrayList<>();
    try {
      Process master = start(dir.resolve("master.log"), env, "bash", scripts.resolve("spark-cluster.sh").toString(),
          "master", "--foreground", "--port", Integer.toString(port), "--webui-port", Integer.toString(webui));
      daemons.add(master);
      Map<String, String> workerEnv = new HashMap<>(env);
      workerEnv.put("SPARK_WORKER_OPTS", workerOpts);
      workerEnv.put("NVIDIA_SMI", smi.toString());
      Process worker = start(dir.resolve("worker.log"), workerEnv, "bash",
          scripts.resolve("spark-cluster.sh").toString(), "worker", "--foreground", "--cores", "1", "--memory", "1g",
          "--webui-port", Integer.toString(workerUi), masterUrl);
      daemons.add(worker);

      JsonNode state = waitForWorkers(webui, 1, dir);
      // the script exec'd the JVM: the process started is the daemon itself (docker stop signals it directly)
      assertTrue(commandLine(master.pid()).contains("org.apache.spark.deploy.master.Master"), "master is exec'd");
      assertTrue(commandLine(worker.pid()).contains("org.apache.spark.deploy.worker.Worker"), "worker is exec'd");
      JsonNode w = state.get("workers").get(0);
      assertEquals("127.0.0.1", w.get("host").asText());
      assertEquals(1, w.get("cores").asInt());
      assertEquals("gpu", w.get("resources").get("gpu").get("name").asText());
      assertEquals("[\"0\"]", w.get("resources").get("gpu").get("addresses").toString(),
          "the worker offers the GPU the discovery script found");

      // a job through SPARK_HOME/bin/spark-submit of the images, arguments as Zeppelin's interpreter.sh orders them
      Path recording = writeNmnist(dir.resolve("sample.bin"), 1000);
      Map<String, String> submitEnv = new HashMap<>(env);
      submitEnv.put("NEUROSPARK_SCRIPTS", scripts.toString());
      String wrapper = ROOT.resolve("docker/spark/spark-submit").toString();
      DockerFilesTest.Result version = DockerFilesTest.exec(120, submitEnv, wrapper, "--version");
      assertEquals(0, version.exit(), version.stderr());
      assertTrue(version.stderr().contains("Using Scala version 2.13"), "Zeppelin reads Spark's Scala version here:\n"
          + version.stderr());
      DockerFilesTest.Result job = DockerFilesTest.exec(300, submitEnv, wrapper, "--class",
          "org.neurospark.spark.cluster.ClusterSmoke", "--driver-class-path", fatJar.toString(),
          "--driver-java-options", "-Dneurospark.test=1", "--conf", "spark.master=" + masterUrl,
          "--conf", "spark.executor.memory=512m", "--conf", "spark.app.name=foreground-it", fatJar.toString(),
          recording.toString());
      assertEquals(0, job.exit(), job.stdout() + "\n" + job.stderr());
      String row = job.stdout().lines().filter(l -> l.startsWith("FILE\t")).findFirst().orElse("");
      String[] f = row.split("\t");
      assertEquals(8, f.length, job.stdout());
      assertEquals("1000", f[2], "events counted on the executor");
      assertEquals("0", f[6], "read by executor 0 of the foreground worker, not by the driver");
      assertNotEquals(Long.toString(ProcessHandle.current().pid()), f[7]);
      assertTrue(job.stdout().contains("TOTAL\t1\t1000"), job.stdout());

      // SIGTERM (docker stop): each daemon exits, and nothing the worker started outlives it
      List<ProcessHandle> all = new ArrayList<>(worker.descendants().toList());
      for (Process p : List.of(worker, master)) {
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "daemon " + p.pid() + " ignored SIGTERM");
      }
      for (ProcessHandle h : all) {
        h.onExit().get(30, TimeUnit.SECONDS);
      }
    } finally {
      for (Process p : daemons) {
        if (p.isAlive()) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
          fail("daemon " + p.pid() + " was still running and has been killed");
        }
      }
    }
  }

  /** An N-MNIST/ATIS .bin recording (5 bytes per event: x, y, polarity bit + 23-bit µs time stamp). */
  private static Path writeNmnist(Path file, int events) throws IOException {
    byte[] b = new byte[5 * events];
    for (int i = 0; i < events; i++) {
      int t = 100 + 7 * i;
      b[5 * i] = (byte) (i % 34);
      b[5 * i + 1] = (byte) ((i / 34) % 34);
      b[5 * i + 2] = (byte) (((i & 1) << 7) | ((t >> 16) & 0x7f));
      b[5 * i + 3] = (byte) (t >> 8);
      b[5 * i + 4] = (byte) t;
    }
    return Files.write(file, b);
  }

  private static Process start(Path log, Map<String, String> env, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static JsonNode waitForWorkers(int webui, int workers, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    String last = "";
    while (System.nanoTime() < deadline) {
      try (InputStream in = URI.create("http://127.0.0.1:" + webui + "/json/").toURL().openStream()) {
        last = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        JsonNode json = new ObjectMapper().readTree(last);
        if ("ALIVE".equals(json.path("status").asText()) && json.path("aliveworkers").asInt() >= workers) {
          return json;
        }
      } catch (IOException notYet) {
        // the master is still starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no " + workers + " alive workers after 180 s: " + last + "\n--- master\n"
        + Files.readString(dir.resolve("master.log")) + "\n--- worker\n" + Files.readString(dir.resolve("worker.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String commandLine(long pid) throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }
}
