package org.neurospark.spark.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.docker.DockerFiles.Instruction;

/**
 * The files under {@code docker/}, checked without a Docker engine (there is none on the project's machines): the
 * compose files parsed and checked against the images, scripts and ports they name; every COPY/ADD source exists and
 * is in its build context; entry points are the repository's scripts; versions agree with the poms; the GPU
 * discovery script against nvidia-smi stand-ins; and, where the tools can be had, Dockerfile linters from npm,
 * {@code docker compose config} (or docker-compose) and shellcheck. Tests whose tool is missing report themselves
 * skipped with the reason.
 */
class DockerFilesTest {
  private static final Path ROOT = DockerFiles.root();
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final Path SCRIPT = ROOT.resolve("spark-jobs/src/main/scripts/spark-cluster.sh");
  private static final List<String> DOCKERFILES =
      List.of("docker/spark/Dockerfile", "docker/zeppelin/Dockerfile", "docker/gpu-worker/Dockerfile");
  private static final String MASTER_URL = "spark://spark-master:7077";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    assertTrue(o instanceof Map<?, ?>, what + " is not a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o, String what) {
    assertTrue(o instanceof List<?>, what + " is not a list: " + o);
    for (Object e : (List<Object>) o) {
      assertTrue(e instanceof String, what + " has a non-string item: " + e);
    }
    return (List<String>) o;
  }

  private static Map<String, Object> compose(String name) throws IOException {
    return MiniYaml.parse("docker/" + name, Files.readString(DOCKER.resolve(name)));
  }

  private static Map<String, Object> services(Map<String, Object> compose) {
    return map(compose.get("services"), "services");
  }

  private static String rootVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>neurospark-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertTrue(m.find(), "no project version in pom.xml");
    return m.group(1);
  }

  private static String pomProperty(Path pom, String name) throws IOException {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
        .matcher(Files.readString(pom));
    assertTrue(m.find(), "no property " + name + " in " + pom);
    return m.group(1);
  }

  /** The fat jar's file name as the spark-jobs pom names it. */
  private static String fatJarName() throws IOException {
    return pomProperty(ROOT.resolve("spark-jobs/pom.xml"), "fat.jar.name").replace("${project.version}", rootVersion())
        + ".jar";
  }

  /** The commands spark-cluster.sh dispatches on (its final case statement). */
  private static Set<String> scriptCommands() throws IOException {
    Set<String> commands = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  ([a-z]+)\\) shift; cmd_").matcher(Files.readString(SCRIPT));
    while (m.find()) {
      commands.add(m.group(1));
    }
    return commands;
  }

  /** Options a spark-cluster.sh command function accepts (its case labels). */
  private static Set<String> scriptOptions(String function) throws IOException {
    String text = Files.readString(SCRIPT);
    int start = text.indexOf("\n" + function + "() {");
    assertTrue(start >= 0, "no " + function + " in spark-cluster.sh");
    int end = text.indexOf("\n}\n", start);
    Set<String> options = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\s+(--[a-z-]+)\\)").matcher(text.substring(start, end));
    while (m.find()) {
      options.add(m.group(1));
    }
    return options;
  }

  /** Checks a master/worker command against the script: known command, --foreground, known options. */
  private static Map<String, String> checkDaemonCommand(String service, List<String> command) throws IOException {
    String cmd = command.get(0);
    assertTrue(scriptCommands().contains(cmd), service + ": spark-cluster.sh has no command '" + cmd + "'");
    Set<String> known = scriptOptions("cmd_" + cmd);
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < command.size(); i++) {
      String w = command.get(i);
      if (w.startsWith("spark://")) {
        options.put("master-url", w);
      } else {
        assertTrue(known.contains(w), service + ": cmd_" + cmd + " has no option " + w + " (knows " + known + ")");
        if (w.equals("--foreground")) {
          options.put(w, "");
        } else {
          options.put(w, command.get(++i));
        }
      }
    }
    assertTrue(options.containsKey("--foreground"), service + ": a container's daemon must run in the foreground");
    return options;
  }

  @Test
  void composeRunsAMasterTwoWorkersZeppelinAndThePipelineOnTheClusterScript() throws IOException {
    Map<String, Object> services = services(compose("compose.yaml"));
    assertEquals(List.of("spark-master", "spark-worker-1", "spark-worker-2", "zeppelin", "pipeline"),
        List.copyOf(services.keySet()));
    Map<String, String> images = new LinkedHashMap<>();
    Map<String, List<String>> ports = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : services.entrySet()) {
      Map<String, Object> s = map(e.getValue(), e.getKey());
      images.put(e.getKey(), (String) s.get("image"));
      ports.put(e.getKey(), s.containsKey("ports") ? strings(s.get("ports"), e.getKey() + ".ports") : List.of());
      // each container binds and advertises its own name: the name other containers reach it by
      Map<String, Object> env = map(s.get("environment"), e.getKey() + ".environment");
      assertEquals(e.getKey(), s.get("hostname"), e.getKey() + ".hostname");
      assertEquals(e.getKey(), env.get("NEUROSPARK_SPARK_HOST"), e.getKey() + ": NEUROSPARK_SPARK_HOST");
      assertEquals("true", s.get("init"), e.getKey() + ": an init process reaps executors' children");
      assertEquals(List.of("data:/data"), strings(s.get("volumes"), e.getKey() + ".volumes"),
          e.getKey() + ": inputs and tables at the same path on driver and executors");
    }
    assertEquals(Map.of("spark-master", "neurospark/spark:0.1.0", "spark-worker-1", "neurospark/spark:0.1.0",
        "spark-worker-2", "neurospark/spark:0.1.0", "zeppelin", "neurospark/zeppelin:0.1.0",
        "pipeline", "neurospark/spark:0.1.0"), images);
    // published on the host's loopback only: standalone Spark and Zeppelin have no authentication here
    assertEquals(Map.of("spark-master", List.of("127.0.0.1:8080:8080"), "spark-worker-1",
        List.of("127.0.0.1:8081:8081"), "spark-worker-2", List.of("127.0.0.1:8082:8081"), "zeppelin",
        List.of("127.0.0.1:8090:8080"), "pipeline", List.of()), ports);

    // the images each name builds, from the repository root
    for (String built : List.of("spark-master", "zeppelin")) {
      Map<String, Object> build = map(map(services.get(built), built).get("build"), built + ".build");
      assertEquals("..", build.get("context"), built + ": the build context is the repository root");
      String dockerfile = (String) build.get("dockerfile");
      assertTrue(Files.isRegularFile(ROOT.resolve(dockerfile)), built + ": no " + dockerfile);
    }

    Map<String, String> master = checkDaemonCommand("spark-master",
        strings(map(services.get("spark-master"), "m").get("command"), "spark-master.command"));
    assertEquals("master", strings(map(services.get("spark-master"), "m").get("command"), "c").get(0));
    assertEquals(MASTER_URL, "spark://spark-master:" + master.get("--port"));
    assertEquals("8080", master.get("--webui-port"), "the master's UI port is the one published");
    for (String w : List.of("spark-worker-1", "spark-worker-2")) {
      List<String> command = strings(map(services.get(w), w).get("command"), w + ".command");
      assertEquals("worker", command.get(0));
      Map<String, String> o = checkDaemonCommand(w, command);
      assertEquals(MASTER_URL, o.get("master-url"), w + " registers with the master");
      assertEquals("8081", o.get("--webui-port"), w + ": the UI port is the container side of its published port");
      assertEquals("1", o.get("--cores"));
      assertEquals("2g", o.get("--memory"));
      assertEquals(List.of("spark-master"), strings(map(services.get(w), w).get("depends_on"), w + ".depends_on"));
    }

    Map<String, Object> zeppelin = map(services.get("zeppelin"), "zeppelin");
    assertEquals(MASTER_URL, map(zeppelin.get("environment"), "env").get("SPARK_MASTER"),
        "Zeppelin's Spark interpreter runs against the cluster");

    // the pipeline: spark-cluster.sh submit of SparkCli pipeline, the fat jar where the Spark image puts it
    Map<String, Object> pipeline = map(services.get("pipeline"), "pipeline");
    assertEquals(List.of("pipeline"), strings(pipeline.get("profiles"), "pipeline.profiles"),
        "a one-shot service, not started by 'up'");
    List<String> command = strings(pipeline.get("command"), "pipeline.command");
    assertEquals("submit", command.get(0));
    assertTrue(scriptCommands().contains("submit"));
    int jar = command.indexOf("/opt/neurospark/jars/" + fatJarName());
    assertTrue(jar > 0, "pipeline submits the fat jar /opt/neurospark/jars/" + fatJarName() + ": " + command);
    assertEquals(List.of("pipeline", "--out", "/data/pipeline"), command.subList(jar + 1, command.size()));
    List<String> submitOptions = command.subList(1, jar);
    assertEquals(MASTER_URL, submitOptions.get(submitOptions.indexOf("--master") + 1));
    assertEquals("org.neurospark.spark.SparkCli", submitOptions.get(submitOptions.indexOf("--class") + 1));
    assertTrue(Files.isRegularFile(ROOT.resolve("spark-jobs/src/main/java/org/neurospark/spark/SparkCli.java")));
    assertTrue(submitOptions.contains("spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector"),
        "executors run snn-core's Vector API kernels");
    assertEquals(Map.of("data", ""), map(compose("compose.yaml").get("volumes"), "volumes"));
  }

  @Test
  void gpuOverlayPutsBothWorkersOnTheGpuImageWithOneNvidiaDeviceEach() throws IOException {
    Map<String, Object> base = services(compose("compose.yaml"));
    Map<String, Object> gpu = services(compose("compose.gpu.yaml"));
    assertEquals(List.of("spark-worker-1", "spark-worker-2"), List.copyOf(gpu.keySet()));
    Set<String> deviceIds = new HashSet<>();
    for (Map.Entry<String, Object> e : gpu.entrySet()) {
      assertTrue(base.containsKey(e.getKey()), e.getKey() + " overrides a service of compose.yaml");
      Map<String, Object> s = map(e.getValue(), e.getKey());
      assertEquals("neurospark/spark-gpu:0.1.0", s.get("image"));
      Map<String, Object> reservations = map(map(map(s.get("deploy"), "deploy").get("resources"), "resources")
          .get("reservations"), "reservations");
      @SuppressWarnings("unchecked")
      List<Object> devices = (List<Object>) reservations.get("devices");
      assertEquals(1, devices.size());
      Map<String, Object> d = map(devices.get(0), "device");
      assertEquals("nvidia", d.get("driver"));
      assertEquals(List.of("gpu"), strings(d.get("capabilities"), "capabilities"));
      deviceIds.addAll(strings(d.get("device_ids"), "device_ids"));
    }
    assertEquals(Set.of("${WORKER_1_GPU:-0}", "${WORKER_2_GPU:-1}"), deviceIds, "one GPU per worker by default");
    Map<String, Object> build = map(map(gpu.get("spark-worker-1"), "w").get("build"), "build");
    assertEquals("docker/gpu-worker/Dockerfile", build.get("dockerfile"));
    // the GPU image offers GPUs through the discovery script it copies in
    List<Instruction> gpuFile = DockerFiles.parse(ROOT.resolve("docker/gpu-worker/Dockerfile"));
    String env = gpuFile.stream().filter(i -> i.keyword().equals("ENV")).map(Instruction::args)
        .reduce("", String::concat);
    assertTrue(env.contains("-Dspark.worker.resource.gpu.amount=1"), env);
    Matcher script = Pattern.compile("spark\\.worker\\.resource\\.gpu\\.discoveryScript=(\\S+?)\"").matcher(env);
    assertTrue(script.find(), "no discovery script in the GPU image's SPARK_WORKER_OPTS");
    assertTrue(gpuFile.stream().anyMatch(i -> i.keyword().equals("COPY")
        && i.paths().equals(List.of("docker/gpu-worker/gpu-discovery.sh", script.group(1)))),
        "the GPU image copies docker/gpu-worker/gpu-discovery.sh to " + script.group(1));
    assertTrue(gpuFile.stream().anyMatch(i -> i.keyword().equals("FROM") && i.args().startsWith("nvidia/cuda:")),
        "the GPU worker is built on NVIDIA's CUDA image");
  }

  @Test
  void everyCopySourceExistsAndIsInItsBuildContext() throws IOException {
    int checked = 0;
    for (String name : DOCKERFILES) {
      Path file = ROOT.resolve(name);
      Path ignore = file.resolveSibling("Dockerfile.dockerignore");
      assertTrue(Files.isRegularFile(ignore), name + " has its own ignore file (the context is the repository root)");
      List<String> patterns = Files.readAllLines(ignore);
      for (Instruction i : DockerFiles.parse(file)) {
        if (!i.keyword().equals("COPY") && !i.keyword().equals("ADD")) {
          continue;
        }
        assertEquals("COPY", i.keyword(), name + ":" + i.line() + ": ADD fetches or unpacks; use COPY");
        if (i.flag("from") != null) {
          continue; // from another stage or image
        }
        List<String> paths = i.paths();
        assertTrue(paths.size() >= 2, name + ":" + i.line() + ": COPY needs a source and a destination");
        for (String src : paths.subList(0, paths.size() - 1)) {
          assertFalse(src.contains("$") || src.contains("*"), name + ":" + i.line() + ": plain paths only: " + src);
          String rel = src.replaceAll("/+$", "");
          Path p = ROOT.resolve(rel).normalize();
          assertTrue(p.startsWith(ROOT), name + ":" + i.line() + ": outside the context: " + src);
          assertTrue(Files.exists(p), name + ":" + i.line() + ": COPY source missing from the repository: " + src);
          if (!rel.equals(".")) {
            assertTrue(DockerFiles.inContext(rel, patterns), name + ":" + i.line() + ": " + src + " is excluded by "
                + ignore.getFileName());
          }
          checked++;
        }
      }
    }
    assertTrue(checked >= 6, "COPY sources checked: " + checked);
    // what the Spark image's Maven build reads is in its context, build outputs and local state are not
    List<String> spark = Files.readAllLines(DOCKER.resolve("spark/Dockerfile.dockerignore"));
    for (String needed : List.of("pom.xml", "spark-jobs/pom.xml", "event-io/src/main", "snn-core/src/main",
        "spark-jobs/src/main/scripts/spark-cluster.sh")) {
      assertTrue(DockerFiles.inContext(needed, spark), needed);
    }
    for (String left : List.of("spark-jobs/target/x.jar", ".cluster/spark/4.0.4/jars/a.jar", ".git/HEAD")) {
      assertFalse(DockerFiles.inContext(left, spark), left);
    }
    List<String> zeppelin = Files.readAllLines(DOCKER.resolve("zeppelin/Dockerfile.dockerignore"));
    assertTrue(DockerFiles.inContext("notebooks", zeppelin));
    assertFalse(DockerFiles.inContext("spark-jobs/target/x.jar", zeppelin));
  }

  @Test
  void entryPointsAreTheRepositoryScripts() throws IOException {
    List<Instruction> spark = DockerFiles.parse(DOCKER.resolve("spark/Dockerfile"));
    assertEquals(List.of("/opt/neurospark/scripts/spark-cluster.sh"), last(spark, "ENTRYPOINT").words());
    assertCopied(spark, "spark-jobs/src/main/scripts/spark-cluster.sh", "/opt/neurospark/scripts/");
    assertCopied(spark, "spark-jobs/src/main/scripts/PrintJavaModuleOptions.java", "/opt/neurospark/scripts/");
    assertExecutable(SCRIPT);
    // SPARK_HOME/bin/spark-submit is the wrapper around `spark-cluster.sh submit`
    Path wrapper = DOCKER.resolve("spark/spark-submit");
    assertExecutable(wrapper);
    assertTrue(Files.readString(wrapper).contains("/spark-cluster.sh\" submit \"$@\""), "spark-submit wrapper");
    Map<String, String> args = DockerFiles.argDefaults(spark);
    assertCopied(spark, "docker/spark/spark-submit",
        DockerFiles.expand("/opt/neurospark/spark/${SPARK_VERSION}/bin/spark-submit", args));
    // the GPU worker runs the same script: it copies the Spark image's /opt/neurospark
    List<Instruction> gpu = DockerFiles.parse(DOCKER.resolve("gpu-worker/Dockerfile"));
    assertEquals(List.of("/opt/neurospark/scripts/spark-cluster.sh"), last(gpu, "ENTRYPOINT").words());
    assertTrue(gpu.stream().anyMatch(i -> i.keyword().equals("COPY") && "neurospark".equals(i.flag("from"))
        && i.paths().equals(List.of("/opt/neurospark", "/opt/neurospark"))));
    assertExecutable(DOCKER.resolve("gpu-worker/gpu-discovery.sh"));
    // Zeppelin starts its own server script from the verified tarball; its Spark interpreter submits through
    // SPARK_HOME/bin/spark-submit, i.e. spark-cluster.sh
    List<Instruction> zeppelin = DockerFiles.parse(DOCKER.resolve("zeppelin/Dockerfile"));
    assertEquals(List.of("/opt/zeppelin/bin/zeppelin.sh"), last(zeppelin, "ENTRYPOINT").words());
    String run = zeppelin.stream().filter(i -> i.keyword().equals("RUN")).map(Instruction::args)
        .reduce("", String::concat);
    assertTrue(run.contains("tar -xzf dist.tgz --strip-components=1 -C /opt/zeppelin"), "unpacks into /opt/zeppelin");
    assertTrue(run.contains("sha512sum --strict -c -") && run.contains("gpg --batch --verify dist.tgz.asc dist.tgz"),
        "the Zeppelin download is checked by checksum and signature");
    assertTrue(run.contains("archive.apache.org/dist/zeppelin") || DockerFiles.argDefaults(zeppelin)
        .getOrDefault("ZEPPELIN_MIRROR", "").equals("https://archive.apache.org/dist/zeppelin"));
    assertEquals("0.12.1", DockerFiles.argDefaults(zeppelin).get("ZEPPELIN_VERSION"));
    assertCopied(zeppelin, "notebooks/", "/opt/zeppelin/notebook/Neurospark/");
  }

  @Test
  void imagesAgreeWithThePomsAndWithEachOther() throws IOException {
    String sparkVersion = pomProperty(ROOT.resolve("pom.xml"), "spark.version");
    List<Instruction> spark = DockerFiles.parse(DOCKER.resolve("spark/Dockerfile"));
    Map<String, String> args = DockerFiles.argDefaults(spark);
    assertEquals(sparkVersion, args.get("SPARK_VERSION"), "the image's Spark is the build's");
    assertEquals(rootVersion(), args.get("NEUROSPARK_VERSION"));
    String env = spark.stream().filter(i -> i.keyword().equals("ENV")).map(Instruction::args)
        .reduce("", String::concat);
    assertTrue(DockerFiles.expand(env, args).contains("NEUROSPARK_JAR=/opt/neurospark/jars/" + fatJarName()), env);
    assertTrue(DockerFiles.expand(env, args).contains("SPARK_HOME=/opt/neurospark/spark/" + sparkVersion), env);
    // the build assembles SPARK_HOME with the cluster script, the way `bin/neurospark cluster` does
    String build = spark.stream().filter(i -> i.keyword().equals("RUN")).findFirst().orElseThrow().args();
    assertTrue(build.contains("bash spark-jobs/src/main/scripts/spark-cluster.sh home --spark-version"), build);
    assertTrue(build.contains("mvn -B -ntp -q -DskipTests -pl spark-jobs,notebooks -am package"), build);
    for (String other : List.of("docker/zeppelin/Dockerfile", "docker/gpu-worker/Dockerfile")) {
      List<Instruction> f = DockerFiles.parse(ROOT.resolve(other));
      Map<String, String> a = DockerFiles.argDefaults(f);
      String from = f.stream().filter(i -> i.keyword().equals("FROM")).map(i -> DockerFiles.expand(i.args(), a))
          .filter(s -> s.startsWith("neurospark/spark:")).findFirst().orElse("");
      assertTrue(from.startsWith("neurospark/spark:0.1.0"), other + " builds on the compose file's Spark image: "
          + from);
    }
    Map<String, String> gpu = DockerFiles.argDefaults(DockerFiles.parse(DOCKER.resolve("gpu-worker/Dockerfile")));
    assertEquals(sparkVersion, gpu.get("SPARK_VERSION"));
    assertEquals(rootVersion(), gpu.get("NEUROSPARK_VERSION"));
    String zeppelinEnv = DockerFiles.parse(DOCKER.resolve("zeppelin/Dockerfile")).stream()
        .filter(i -> i.keyword().equals("ENV")).map(Instruction::args).reduce("", String::concat);
    assertTrue(zeppelinEnv.contains("--jars /opt/neurospark/jars/" + fatJarName()),
        "Zeppelin's Spark interpreter gets the fat jar: " + zeppelinEnv);
    // the notes call org.neurospark.notebooks (Plots, Recording): the Spark image builds and ships that jar too
    String notebooksJar = "/opt/neurospark/jars/notebooks-" + rootVersion() + ".jar";
    assertTrue(zeppelinEnv.contains("--jars /opt/neurospark/jars/" + fatJarName() + "," + notebooksJar),
        "Zeppelin's Spark interpreter gets the notebooks jar: " + zeppelinEnv);
    assertTrue(build.contains("-pl spark-jobs,notebooks -am package") && build.contains("notebooks/target/notebooks-"),
        build);
    String copyNotebooksJar = "--from=build /tmp/notebooks-" + rootVersion() + ".jar /opt/neurospark/jars/";
    assertTrue(spark.stream().anyMatch(i -> i.keyword().equals("COPY") && DockerFiles.expand(i.args(), args)
        .equals(copyNotebooksJar)),
        "the Spark image copies the notebooks jar from its build stage");
  }

  @Test
  void notesBakedIntoTheZeppelinImageHaveTheFileNamesZeppelinLoads() throws IOException {
    // Zeppelin 0.12's file notebook repository takes a note's id from its file name, NAME_ID.zpln (NotebookRepo
    // .getNoteId), and refuses files without '_'; the id must be the note's own "id"
    List<Path> notes;
    try (var s = Files.list(ROOT.resolve("notebooks"))) {
      notes = s.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
    }
    Assumptions.assumeFalse(notes.isEmpty(), "no notebooks/*.zpln yet: nothing to bake into the Zeppelin image");
    ObjectMapper mapper = new ObjectMapper();
    for (Path note : notes) {
      String name = note.getFileName().toString();
      int sep = name.lastIndexOf('_');
      assertTrue(sep > 0, name + ": Zeppelin loads only NAME_ID.zpln files");
      JsonNode json = mapper.readTree(note.toFile());
      assertEquals(name.substring(sep + 1, name.length() - ".zpln".length()), json.path("id").asText(),
          name + ": the id in the file name is the note's id");
      assertTrue(json.path("paragraphs").isArray() && json.path("paragraphs").size() > 0, name + ": paragraphs");
    }
  }

  @Test
  void gpuDiscoveryScriptReportsTheGpusNvidiaSmiLists() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "docker-test").toAbsolutePath());
    Path two = stub(dir.resolve("smi-two"), "printf '0\\n1\\n'");
    JsonNode json = new ObjectMapper().readTree(discover(two).stdout);
    assertEquals("gpu", json.get("name").asText());
    assertEquals(List.of("0", "1"), List.of(json.get("addresses").get(0).asText(), json.get("addresses").get(1)
        .asText()));
    assertEquals(2, json.get("addresses").size());
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"3\"]}",
        discover(stub(dir.resolve("smi-one"), "echo ' 3 '")).stdout.strip());
    for (Path bad : List.of(stub(dir.resolve("smi-fails"), "exit 9"), stub(dir.resolve("smi-none"), "true"),
        stub(dir.resolve("smi-garbage"), "echo 'No devices were found'"), dir.resolve("no-such-smi"))) {
      Result r = discover(bad);
      assertTrue(r.exit != 0, bad + " must fail discovery, got " + r.stdout);
      assertEquals("", r.stdout, "nothing on stdout when discovery fails");
      assertTrue(r.stderr.startsWith("gpu-discovery: "), r.stderr);
    }
  }

  private static Path stub(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static Result discover(Path smi) throws Exception {
    return exec(60, Map.of("NVIDIA_SMI", smi.toString()), "bash",
        DOCKER.resolve("gpu-worker/gpu-discovery.sh").toString());
  }

  @Test
  void dockerfilesPassTwoLintersFromNpm() throws Exception {
    Path dir = Path.of("target", "dockerfile-lint").toAbsolutePath();
    Path bin = dir.resolve("node_modules/.bin");
    if (!Files.isExecutable(bin.resolve("dockerfilelint")) || !Files.isExecutable(bin.resolve("dockerfile-utils"))) {
      Assumptions.assumeTrue(onPath("npm"), "npm is not installed: Dockerfile linters not run");
      Files.createDirectories(dir);
      Result install = exec(300, Map.of(), "npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(),
          "dockerfilelint@1.8.0", "dockerfile-utils@0.16.3");
      Assumptions.assumeTrue(install.exit == 0, "npm could not install the Dockerfile linters: " + install.stderr);
    }
    for (String name : DOCKERFILES) {
      String file = ROOT.resolve(name).toString();
      Result a = exec(120, Map.of(), bin.resolve("dockerfilelint").toString(), file);
      assertEquals(0, a.exit, "dockerfilelint " + name + ":\n" + a.stdout + a.stderr);
      Result b = exec(120, Map.of(), bin.resolve("dockerfile-utils").toString(), "lint", file);
      assertEquals(0, b.exit, "dockerfile-utils lint " + name + ":\n" + b.stdout + b.stderr);
      assertEquals("", b.stdout.strip(), "dockerfile-utils lint " + name);
    }
    // the linters do find faults: a Dockerfile with a COPY lacking a destination and an invalid port fails both
    Path bad = Files.createDirectories(Path.of("target", "docker-test").toAbsolutePath()).resolve("Bad.Dockerfile");
    Files.writeString(bad, "FROM debian:bookworm-slim\nEXPOSE 80000\nCOPY a\n");
    assertTrue(exec(120, Map.of(), bin.resolve("dockerfilelint").toString(), bad.toString()).exit != 0);
    assertTrue(exec(120, Map.of(), bin.resolve("dockerfile-utils").toString(), "lint", bad.toString()).exit != 0);
  }

  @Test
  void composeFilesPassTheDockerComposeClient() throws Exception {
    List<String> client;
    if (onPath("docker") && exec(60, Map.of(), "docker", "compose", "version").exit == 0) {
      client = List.of("docker", "compose");
    } else if (onPath("docker-compose")) {
      client = List.of("docker-compose");
    } else {
      Assumptions.abort("neither the docker compose plugin nor docker-compose is installed: compose config not run");
      return;
    }
    List<String> base = new ArrayList<>(client);
    base.addAll(List.of("-f", DOCKER.resolve("compose.yaml").toString()));
    Result config = exec(120, Map.of(), concat(base, "config", "-q"));
    assertEquals(0, config.exit, String.join(" ", client) + " config:\n" + config.stderr);
    Result names = exec(120, Map.of(), concat(base, "config", "--services"));
    assertEquals(0, names.exit, names.stderr);
    assertEquals(new TreeSet<>(services(compose("compose.yaml")).keySet()),
        new TreeSet<>(List.of(names.stdout.strip().split("\\s+"))), "the client reads the services this test reads");
    List<String> gpu = new ArrayList<>(base);
    gpu.addAll(List.of("-f", DOCKER.resolve("compose.gpu.yaml").toString(), "config", "-q"));
    Result gpuConfig = exec(120, Map.of(), gpu.toArray(String[]::new));
    assertEquals(0, gpuConfig.exit, "compose.yaml + compose.gpu.yaml:\n" + gpuConfig.stderr);
  }

  @Test
  void scriptsPassShellcheck() throws Exception {
    Assumptions.assumeTrue(onPath("shellcheck"), "shellcheck is not installed: shell scripts not linted");
    for (Path script : List.of(SCRIPT, DOCKER.resolve("spark/spark-submit"),
        DOCKER.resolve("gpu-worker/gpu-discovery.sh"))) {
      Result r = exec(120, Map.of(), "shellcheck", "-S", "warning", "-s", "bash", script.toString());
      assertEquals(0, r.exit, "shellcheck " + script + ":\n" + r.stdout);
    }
  }

  private static String[] concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  private static Instruction last(List<Instruction> instructions, String keyword) {
    Instruction found = null;
    for (Instruction i : instructions) {
      if (i.keyword().equals(keyword)) {
        found = i;
      }
    }
    assertNotNull(found, "no " + keyword);
    return found;
  }

  private static void assertCopied(List<Instruction> instructions, String source, String destination) {
    Map<String, String> args = DockerFiles.argDefaults(instructions);
    for (Instruction i : instructions) {
      if (i.keyword().equals("COPY") && i.flag("from") == null) {
        List<String> p = i.paths();
        if (DockerFiles.expand(p.get(p.size() - 1), args).equals(destination) && p.subList(0, p.size() - 1).contains(source)) {
          return;
        }
      }
    }
    fail("no COPY of " + source + " to " + destination);
  }

  private static void assertExecutable(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file) && Files.isExecutable(file), file + " is not an executable file");
    assertTrue(Files.readString(file).startsWith("#!/usr/bin/env bash\n"), file + " starts with a bash shebang");
  }

  record Result(int exit, String stdout, String stderr) {}

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static Result exec(int seconds, Map<String, String> env, String... command) throws IOException,
      InterruptedException {
    Path dir = Files.createDirectories(Path.of("target", "docker-test").toAbsolutePath());
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }
}
