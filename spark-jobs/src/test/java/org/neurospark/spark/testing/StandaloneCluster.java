package org.neurospark.spark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster for integration tests: a Master and N Workers on 127.0.0.1, started and stopped
 * with {@code spark-jobs/src/main/scripts/spark-cluster.sh} (the script behind {@code bin/neurospark cluster}), on
 * a SPARK_HOME assembled from Maven Central. Use with try-with-resources; {@link #close()} stops every process the
 * cluster started and checks that none is left.
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.start(Path.of("target/it/cluster"), 2, 1, "1g")) {
 *   ScriptResult r = cluster.submit(Duration.ofMinutes(3), "--class", "C", "app.jar", "arg");
 * }
 * }</pre>
 *
 * <p>Configuration (system properties, set by the spark-jobs pom for failsafe; defaults for running from the module
 * folder): {@code neurospark.scripts.dir} (the scripts folder), {@code neurospark.spark.cache} (where SPARK_HOMEs
 * are assembled, shared between runs), {@code neurospark.spark.version} (4.0.4).
 */
public final class StandaloneCluster implements AutoCloseable {
  /** Longest a start may take (assembly of a new Spark version included). */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(6);

  private final Path clusterDir;
  private final String masterUrl;
  private final Path sparkHome;
  private final long masterPid;
  private final List<Long> workerPids;
  private final List<Long> executorsSeen = new ArrayList<>();
  private boolean closed;

  private StandaloneCluster(Path clusterDir, String masterUrl, Path sparkHome, long masterPid, List<Long> workers) {
    this.clusterDir = clusterDir;
    this.masterUrl = masterUrl;
    this.sparkHome = sparkHome;
    this.masterPid = masterPid;
    this.workerPids = List.copyOf(workers);
  }

  /**
   * Starts a cluster whose state, logs and work dirs live under {@code clusterDir} and waits until all workers have
   * registered with the master.
   *
   * @param workers number of Worker processes
   * @param coresPerWorker cores each worker offers
   * @param memoryPerWorker memory each worker offers to executors, e.g. {@code "1g"} or {@code "512m"}
   */
  public static StandaloneCluster start(Path clusterDir, int workers, int coresPerWorker, String memoryPerWorker)
      throws IOException {
    return start(clusterDir, workers, coresPerWorker, memoryPerWorker, sparkVersion());
  }

  /** As {@link #start(Path, int, int, String)}, on the given Spark version (assembled on first use). */
  public static StandaloneCluster start(Path clusterDir, int workers, int coresPerWorker, String memoryPerWorker,
      String sparkVersion) throws IOException {
    Files.createDirectories(clusterDir);
    ScriptResult r = run(clusterDir, START_TIMEOUT, "start", "--workers", Integer.toString(workers), "--cores",
        Integer.toString(coresPerWorker), "--memory", memoryPerWorker, "--spark-version", sparkVersion);
    r.requireSuccess("spark-cluster.sh start");
    String url = r.stdout().strip();
    Path run = clusterDir.resolve("run");
    Map<String, String> env = readEnv(run.resolve("cluster.env"));
    List<Long> workerPids = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      workerPids.add(readPid(run.resolve("worker-" + i + ".pid")));
    }
    return new StandaloneCluster(clusterDir, url, Path.of(env.get("SPARK_HOME")),
        readPid(run.resolve("master.pid")), workerPids);
  }

  /** Assembles (once) and returns the SPARK_HOME of {@code version} in the shared cache. */
  public static Path sparkHome(String version, Path scratchDir) throws IOException {
    Files.createDirectories(scratchDir);
    ScriptResult r = run(scratchDir, START_TIMEOUT, "home", "--spark-version", version);
    return Path.of(r.requireSuccess("spark-cluster.sh home").stdout().strip());
  }

  /** The Spark version tests run on: {@code neurospark.spark.version}, else 4.0.4. */
  public static String sparkVersion() {
    return System.getProperty("neurospark.spark.version", "4.0.4");
  }

  /**
   * Runs {@code spark-cluster.sh ARGS} with {@code NEUROSPARK_CLUSTER_DIR=clusterDir} and the shared SPARK_HOME
   * cache; waits at most {@code timeout} (then kills the script's process tree and throws).
   */
  public static ScriptResult run(Path clusterDir, Duration timeout, String... args) throws IOException {
    Path out = Files.createTempFile(clusterDir, "script-", ".out");
    Path err = Files.createTempFile(clusterDir, "script-", ".err");
    Process p = script(clusterDir, out, err, args).start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IOException("spark-cluster.sh " + String.join(" ", args) + " did not finish within " + timeout
            + "\n--- stderr\n" + Files.readString(err));
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    ScriptResult result = new ScriptResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** {@code bash spark-cluster.sh ARGS} for {@code clusterDir}, stdout and stderr to the files given. */
  private static ProcessBuilder script(Path clusterDir, Path stdout, Path stderr, String... args) throws IOException {
    Path scripts = Path.of(System.getProperty("neurospark.scripts.dir", "src/main/scripts")).toAbsolutePath();
    Path script = scripts.resolve("spark-cluster.sh");
    if (!Files.isRegularFile(script)) {
      throw new IOException("no cluster script at " + script + " (set neurospark.scripts.dir)");
    }
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().put("NEUROSPARK_CLUSTER_DIR", clusterDir.toAbsolutePath().toString());
    pb.environment().put("NEUROSPARK_SPARK_CACHE", sparkCache().toString());
    return pb;
  }

  private static Path sparkCache() {
    String cache = System.getProperty("neurospark.spark.cache");
    return cache != null ? Path.of(cache).toAbsolutePath().normalize()
        : Path.of("..", ".cluster", "spark").toAbsolutePath().normalize();
  }

  /** The master's URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** The SPARK_HOME the cluster runs from (jars/, conf/). */
  public Path sparkHome() {
    return sparkHome;
  }

  /** The folder holding the cluster's state ({@code run/cluster.env}, pid files), logs and work dirs. */
  public Path clusterDir() {
    return clusterDir;
  }

  /** PID of the Master JVM. */
  public long masterPid() {
    return masterPid;
  }

  /** PIDs of the Worker JVMs, worker 1 first. */
  public List<Long> workerPids() {
    return workerPids;
  }

  /**
   * PIDs of the executor JVMs running now (the workers' child processes running
   * {@code CoarseGrainedExecutorBackend}); empty when no application runs. Every PID returned is remembered, and
   * {@link #close()} checks it is gone too.
   */
  public synchronized List<Long> executorPids() {
    List<Long> pids = new ArrayList<>();
    for (long worker : workerPids) {
      ProcessHandle.of(worker).ifPresent(w -> w.children()
          .filter(c -> commandLine(c.pid()).contains("CoarseGrainedExecutorBackend"))
          .forEach(c -> pids.add(c.pid())));
    }
    for (Long pid : pids) {
      if (!executorsSeen.contains(pid)) {
        executorsSeen.add(pid);
      }
    }
    return pids;
  }

  /**
   * spark-submit (client mode) against this cluster: {@code spark-cluster.sh submit ARGS}, where ARGS are
   * spark-submit's ({@code --class C [--conf k=v ...] app.jar app-args}).
   */
  public ScriptResult submit(Duration timeout, String... args) throws IOException {
    return run(clusterDir, timeout, prepend("submit", args));
  }

  /**
   * Starts spark-submit (client mode) against this cluster without waiting for it: {@code spark-cluster.sh submit
   * ARGS} with stdout and stderr going to the files given. The script replaces itself with the driver JVM once
   * Spark's launcher has built the command, so the returned process becomes the driver (its command line then
   * names {@code org.apache.spark.deploy.SparkSubmit}). The caller waits for it, or kills it, itself.
   */
  public Process startSubmit(Path stdout, Path stderr, String... args) throws IOException {
    return script(clusterDir, stdout, stderr, prepend("submit", args)).start();
  }

  /** The command line of process {@code pid} (arguments separated by spaces), or "" when it is gone. */
  public static String commandLineOf(long pid) {
    return commandLine(pid);
  }

  /** {@code spark-cluster.sh status}. */
  public ScriptResult status() throws IOException {
    return run(clusterDir, Duration.ofSeconds(60), "status");
  }

  /**
   * Stops the cluster ({@code spark-cluster.sh stop}) and checks that the master, the workers and every executor
   * seen are gone; anything left is killed here and reported as an {@link IllegalStateException}.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    executorPids();
    List<Long> all = new ArrayList<>(executorsSeen);
    all.addAll(workerPids);
    all.add(masterPid);
    ScriptResult stop;
    try {
      stop = run(clusterDir, Duration.ofSeconds(90), "stop");
    } finally {
      List<Long> left = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (long pid : all) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        while (h.isPresent() && h.get().isAlive() && System.nanoTime() < deadline) {
          sleep(100);
        }
        if (h.isPresent() && h.get().isAlive()) {
          left.add(pid);
          h.get().destroyForcibly();
        }
      }
      if (!left.isEmpty()) {
        throw new IllegalStateException("processes of the cluster outlived stop and were killed: " + left);
      }
    }
    stop.requireSuccess("spark-cluster.sh stop");
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // gone, or not readable
    }
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> l.contains("=")).collect(java.util.stream.Collectors.toMap(
          l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1).replace("'", ""), (a, b) -> b));
    }
  }

  private static long readPid(Path file) throws IOException {
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (NumberFormatException e) {
      throw new IOException("no pid in " + file, e);
    }
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's loops end at their deadline; the flag stays set
    }
  }
}
