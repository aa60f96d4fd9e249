#!/usr/bin/env bash
# A Spark standalone cluster on one machine, from Maven Central jars only (no Spark tarball), all on 127.0.0.1.
#
#   spark-cluster.sh start [--workers N] [--cores C] [--memory M] [--spark-version V]
#                          [--port P] [--webui-port P] [--timeout S]
#   spark-cluster.sh status | stop | url
#   spark-cluster.sh submit SPARK_SUBMIT_ARGS...      spark-submit against the running cluster (or --master X)
#   spark-cluster.sh run MAIN_CLASS APP_JAR ARGS...   a main class on the driver JVM with Spark's classpath (no submit)
#   spark-cluster.sh home [--spark-version V]         assemble (once) and print SPARK_HOME
#   spark-cluster.sh master --foreground [--host H] [--port P] [--webui-port P]
#   spark-cluster.sh worker --foreground [--host H] [--port P] [--webui-port P] [--cores C] [--memory M]
#                           [--work-dir D] MASTER_URL
#                     one daemon in the foreground (the JVM replaces the script: its pid, signals and output), for
#                     containers (docker/ runs these); defaults: master port 7077, web UIs 8080 / 8081
#
# Everything lives under one folder, NEUROSPARK_CLUSTER_DIR (default ~/.neurospark/cluster):
#   spark/<version>/   SPARK_HOME: jars/ (runtime jars of spark-sql_2.13 + spark-core_2.13), conf/ (cached)
#   run/               the running cluster: cluster.env, *.pid, logs/, work/ (executors' dirs), tmp/ (local dirs)
# NEUROSPARK_SPARK_CACHE moves spark/ elsewhere (e.g. to share it between clusters). NEUROSPARK_SPARK_HOME uses
# an existing Spark installation (a distribution, a Docker image's) instead: its version replaces --spark-version.
# Needs bash, java (JAVA or JAVA_HOME), and mvn for the first assembly of a version (MVN, NEUROSPARK_MVN_ARGS).
# Other environment: NEUROSPARK_SPARK_VERSION (default version), NEUROSPARK_DAEMON_MEMORY (heap of master and
# workers, 256m), NEUROSPARK_DAEMON_JAVA_OPTS (their JVM flags, default "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
# NEUROSPARK_SPARK_LOG_LEVEL (driver log level for submit/run, default warn), NEUROSPARK_SPARK_HOST (the address
# daemons and drivers bind and advertise, default 127.0.0.1; a container sets its own host name).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLUSTER_DIR="${NEUROSPARK_CLUSTER_DIR:-$HOME/.neurospark/cluster}"
SPARK_CACHE="${NEUROSPARK_SPARK_CACHE:-$CLUSTER_DIR/spark}"
RUN_DIR="$CLUSTER_DIR/run"
DEFAULT_SPARK_VERSION="${NEUROSPARK_SPARK_VERSION:-4.0.4}"
SCALA_BINARY="2.13"
HOST="${NEUROSPARK_SPARK_HOST:-127.0.0.1}"
if [[ -n "${JAVA:-}" ]]; then :; elif [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
MVN="${MVN:-mvn}"

die() { echo "spark-cluster: $*" >&2; exit 1; }
say() { echo "spark-cluster: $*" >&2; }

# ---------------------------------------------------------------------------------------------------------------
# SPARK_HOME assembly

# ensure_home VERSION: assembles $SPARK_CACHE/VERSION once (concurrent callers wait on a lock), prints its path.
ensure_home() {
  if [[ -n "${NEUROSPARK_SPARK_HOME:-}" ]]; then
    [[ -d "$NEUROSPARK_SPARK_HOME/jars" ]] || die "NEUROSPARK_SPARK_HOME=$NEUROSPARK_SPARK_HOME has no jars/ folder"
    (cd "$NEUROSPARK_SPARK_HOME" && pwd)
    return
  fi
  local version="$1" home="$SPARK_CACHE/$1"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.][A-Za-z0-9.-]+)?$ ]] || die "not a Spark version: '$version'"
  if [[ -f "$home/.complete" ]]; then echo "$home"; return; fi
  mkdir -p "$SPARK_CACHE"
  local lock="$SPARK_CACHE/.lock-$version" waited=0
  until mkdir "$lock" 2>/dev/null; do
    local owner; owner="$(cat "$lock/pid" 2>/dev/null || true)"
    if [[ -n "$owner" ]] && ! kill -0 "$owner" 2>/dev/null; then rm -rf "$lock"; continue; fi
    (( waited % 30 == 0 )) && say "waiting for another assembly of Spark $version (lock $lock)"
    sleep 1; waited=$((waited + 1))
    (( waited < 900 )) || die "timed out waiting for $lock"
  done
  echo $$ > "$lock/pid"
  # shellcheck disable=SC2064
  trap "rm -rf '$lock' '$SPARK_CACHE/.tmp-$version-$$'" EXIT
  if [[ ! -f "$home/.complete" ]]; then
    assemble_home "$version" "$home"
  fi
  rm -rf "$lock"; trap - EXIT
  echo "$home"
}

assemble_home() {
  local version="$1" home="$2" tmp="$SPARK_CACHE/.tmp-$1-$$"
  say "assembling Spark $version (Scala $SCALA_BINARY) from Maven Central into $home"
  rm -rf "$tmp"; mkdir -p "$tmp/jars" "$tmp/conf" "$tmp/.assembly"
  cat > "$tmp/.assembly/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.neurospark.cluster</groupId>
  <artifactId>spark-home</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_$SCALA_BINARY</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_$SCALA_BINARY</artifactId><version>$version</version></dependency>
  </dependencies>
  <build><pluginManagement><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version>
  </plugin></plugins></pluginManagement></build>
</project>
POM
  # shellcheck disable=SC2086
  if ! "$MVN" -B -ntp -f "$tmp/.assembly/pom.xml" ${NEUROSPARK_MVN_ARGS:-} dependency:build-classpath \
      -Dmdep.outputFile="$tmp/.assembly/classpath.txt" -Dmdep.includeScope=runtime \
      > "$tmp/.assembly/mvn.log" 2>&1; then
    tail -n 30 "$tmp/.assembly/mvn.log" >&2
    rm -rf "$tmp"
    die "could not resolve Spark $version from Maven Central (log above)"
  fi
  local jar n=0
  IFS=: read -r -a jars < "$tmp/.assembly/classpath.txt" || true  # one line, no newline at its end
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || continue
    # a hard link costs no space when the Maven repository is on the same file system; a copy otherwise
    ln -f "$jar" "$tmp/jars/" 2>/dev/null || cp "$jar" "$tmp/jars/"
    n=$((n + 1))
  done
  local launcher="$tmp/jars/spark-launcher_$SCALA_BINARY-$version.jar"
  [[ -f "$launcher" ]] || { rm -rf "$tmp"; die "Spark $version resolved without $launcher"; }
  "$JAVA" -cp "$launcher" "$SCRIPT_DIR/PrintJavaModuleOptions.java" > "$tmp/conf/java-module-options" \
    || { rm -rf "$tmp"; die "could not read Spark's JDK module options from $launcher"; }
  cat > "$tmp/conf/log4j2.properties" <<'LOG'
# Written by spark-cluster.sh. Level from -Dneurospark.log.level (daemons: info, drivers: warn by default).
rootLogger.level = ${sys:neurospark.log.level:-info}
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
logger.jetty.name = org.sparkproject.jetty
logger.jetty.level = warn
logger.parquet.name = org.apache.parquet
logger.parquet.level = warn
LOG
  echo "Spark $version (Scala $SCALA_BINARY): runtime jars of spark-sql_$SCALA_BINARY and spark-core_$SCALA_BINARY" \
    "from Maven Central, assembled by neurospark spark-cluster.sh" > "$tmp/RELEASE"
  touch "$tmp/.complete"
  rm -rf "$home"
  mv "$tmp" "$home"
  say "Spark $version: $n jars in $home/jars"
}

# home_version HOME: the Spark version of an installation, from its spark-core jar's name
home_version() {
  local core; core="$(compgen -G "$1/jars/spark-core_$SCALA_BINARY-*.jar" | head -n1)" || true
  [[ -n "$core" ]] || die "$1/jars has no spark-core_$SCALA_BINARY jar"
  core="${core##*/spark-core_$SCALA_BINARY-}"; echo "${core%.jar}"
}

# Environment every Spark JVM of ours runs with.
spark_env() {
  local home="$1"
  export SPARK_HOME="$home" SPARK_SCALA_VERSION="$SCALA_BINARY" SPARK_LOCAL_IP="$HOST"
  [[ -d "$home/conf" ]] && export SPARK_CONF_DIR="$home/conf"
  if [[ -f "$home/conf/java-module-options" ]]; then
    SPARK_MODULE_OPTS="$(cat "$home/conf/java-module-options")"
  else # an installation we did not assemble: ask its launcher
    local launcher; launcher="$(compgen -G "$home/jars/spark-launcher_$SCALA_BINARY-*.jar" | head -n1)" || true
    [[ -n "$launcher" ]] || die "$home/jars has no spark-launcher_$SCALA_BINARY jar"
    SPARK_MODULE_OPTS="$("$JAVA" -cp "$launcher" "$SCRIPT_DIR/PrintJavaModuleOptions.java")"
  fi
}

# launcher_command OUT_ARRAY_NAME CLASS ARGS...: the java command Spark's own launcher (what bin/spark-class runs)
# builds for CLASS: class path, SPARK_*_OPTS, driver memory and JDK module options as a stock Spark does.
launcher_command() {
  local -n _out="$1"; shift
  local arg started=false delim=$'\n'
  _out=()
  # The launcher prints any text (usage) as lines, then "\0\n", then the command as NUL-separated words; the
  # printf adds its exit status as the last word. Same protocol as bin/spark-class.
  while IFS= read -d "$delim" -r arg; do
    if [[ "$started" == true ]]; then
      _out+=("$arg")
    elif [[ -z "$arg" ]]; then
      started=true; delim=''
    else
      echo "$arg"
    fi
  done < <("$JAVA" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
}

# ---------------------------------------------------------------------------------------------------------------
# ports, HTTP, processes

PICKED_PORTS=" "
port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
# pick_port VAR START: sets VAR to the first port >= START that nobody listens on and this run has not handed out
# yet (a variable, not $(...), so the list of handed-out ports survives: daemons bind theirs only later)
pick_port() {
  local -n _port="$1"
  local p="$2"
  while (( p < 65535 )); do
    if [[ "$PICKED_PORTS" != *" $p "* ]] && ! port_in_use "$p"; then
      PICKED_PORTS+="$p "; _port="$p"; return
    fi
    p=$((p + 1))
  done
  die "no free port from $2"
}
# take_port VAR VALUE: VAR=VALUE, a port the user chose; refused when something listens there
take_port() {
  local -n _port="$1"
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "not a port: '$2'"
  port_in_use "$2" && die "port $2 is in use"
  PICKED_PORTS+="$2 "; _port="$2"
}

http_get() { # PORT PATH
  if command -v curl >/dev/null 2>&1; then
    curl -sf --max-time 5 "http://$HOST:$1$2"
  else
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3 && cat <&3' \
      "$HOST" "$1" "$2" | sed '1,/^\r\{0,1\}$/d'
  fi
}
json_number() { grep -o "\"$1\" *: *[0-9]*" | head -n1 | grep -o '[0-9]*$' || true; }
json_string() { grep -o "\"$1\" *: *\"[^\"]*\"" | head -n1 | sed 's/.*: *"\(.*\)"/\1/' || true; }

# is_ours PID CLASS: PID is alive and is the CLASS JVM this cluster started (guards against reused PIDs)
is_ours() {
  local cmd
  [[ -r "/proc/$1/cmdline" ]] || return 1
  cmd="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"$2"* && "$cmd" == *"-Dneurospark.cluster.run=$RUN_DIR "* ]]
}
# executor_pids WORKER_PID: the executor JVMs a worker launched (its children running CoarseGrainedExecutorBackend)
executor_pids() {
  local c
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    if tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null | grep -q CoarseGrainedExecutorBackend; then echo "$c"; fi
  done
}

load_env() { [[ -f "$RUN_DIR/cluster.env" ]] && source "$RUN_DIR/cluster.env"; }

# start_daemon NAME CLASS ARGS...: starts one Spark daemon in the background, logs to run/logs/NAME.log
start_daemon() {
  local name="$1" class="$2"; shift 2
  local -a cmd
  launcher_command cmd "$class" "$@" >/dev/null
  (( ${#cmd[@]} > 1 )) || die "Spark's launcher built no command for $class"
  local rc="${cmd[-1]}"; unset 'cmd[-1]'
  [[ "$rc" == 0 ]] || die "Spark's launcher failed for $class (exit $rc)"
  nohup "${cmd[@]}" > "$RUN_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$name.pid"
}

# await_master_ports PORT_VAR WEBUI_VAR TIMEOUT: waits until the master's log says which ports it bound (Spark's
# "Successfully started service 'sparkMaster' on port N" and "... 'MasterUI' on port M") and sets the two variables
await_master_ports() {
  local -n _rpc="$1" _ui="$2"
  local deadline=$((SECONDS + $3)) log="$RUN_DIR/logs/master.log" pid rpc ui
  pid="$(cat "$RUN_DIR/master.pid")"
  while :; do
    rpc="$(sed -n "s/.*Successfully started service 'sparkMaster' on port \([0-9]*\).*/\1/p" "$log" 2>/dev/null | tail -n 1)"
    ui="$(sed -n "s/.*Successfully started service 'MasterUI' on port \([0-9]*\).*/\1/p" "$log" 2>/dev/null | tail -n 1)"
    if [[ -n "$rpc" && -n "$ui" ]]; then _rpc="$rpc"; _ui="$ui"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$log" >&2 || true
      die "master exited during start (log above: $log)"
    fi
    (( SECONDS < deadline )) || die "the master did not report its ports within $3 s; log: $log"
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------------------------------
# commands

cmd_start() {
  local workers=2 cores=1 memory=1g version="$DEFAULT_SPARK_VERSION" port="" webui="" timeout=180
  while (( $# )); do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      --spark-version) version="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --webui-port) webui="$2"; shift 2 ;;
      --timeout) timeout="$2"; shift 2 ;;
      -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}"; return 0 ;;
      *) die "start: unknown option '$1'" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive integer, got '$workers'"
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "--cores must be a positive integer, got '$cores'"
  [[ "$memory" =~ ^[1-9][0-9]*[mMgG]$ ]] || die "--memory must look like 512m or 1g, got '$memory'"
  if load_env && is_ours "${MASTER_PID:-0}" org.apache.spark.deploy.master.Master; then
    die "a cluster is already running under $CLUSTER_DIR ($MASTER_URL); stop it first"
  fi
  local f
  for f in "$RUN_DIR"/*.pid; do
    [[ -f "$f" ]] || continue
    if is_ours "$(cat "$f")" org.apache.spark.deploy; then
      die "a process of an earlier cluster is still alive ($f); run stop first"
    fi
  done

  local home; home="$(ensure_home "$version")"
  version="$(home_version "$home")"
  spark_env "$home"
  rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR/logs" "$RUN_DIR/work" "$RUN_DIR/tmp"
  export SPARK_LOCAL_DIRS="$RUN_DIR/tmp" SPARK_WORKER_DIR="$RUN_DIR/work"
  export SPARK_DAEMON_MEMORY="${NEUROSPARK_DAEMON_MEMORY:-256m}"
  # master and workers do little work: C1 and the serial collector start them with about half the CPU
  export SPARK_DAEMON_JAVA_OPTS="${NEUROSPARK_DAEMON_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -Dneurospark.log.level=info -Dneurospark.cluster.run=$RUN_DIR ${SPARK_DAEMON_JAVA_OPTS:-}"

  local user_port="$port" user_webui="$webui"
  if [[ -n "$port" ]]; then take_port port "$port"; else pick_port port 7077; fi
  if [[ -n "$webui" ]]; then take_port webui "$webui"; else pick_port webui 8080; fi
  local master_url="spark://$HOST:$port"

  # whatever goes wrong from here on (die, a failing command), stop what was started
  trap 'rc=$?; if (( rc != 0 )); then say "start failed; stopping what was started"; cmd_stop >/dev/null 2>&1 || true; fi' EXIT
  start_daemon master org.apache.spark.deploy.master.Master --host "$HOST" --port "$port" --webui-port "$webui"
  # the ports were free when picked, but another cluster may have bound one since, and then Spark moves to the next
  # free one: read the ports the master really bound from its log
  local want_port="$port" want_webui="$webui"
  await_master_ports port webui "$timeout"
  if [[ -n "$user_port" && "$port" != "$want_port" ]] || [[ -n "$user_webui" && "$webui" != "$want_webui" ]]; then
    die "port $want_port or $want_webui was taken before the master bound it (it bound $port and $webui)"
  fi
  master_url="spark://$HOST:$port"
  {
    echo "SPARK_VERSION=$version"
    echo "SPARK_HOME='$home'"
    echo "MASTER_URL=$master_url"
    echo "MASTER_PORT=$port"
    echo "MASTER_WEBUI_PORT=$webui"
    echo "MASTER_PID=$(cat "$RUN_DIR/master.pid")"
    echo "WORKERS=$workers"
    echo "WORKER_CORES=$cores"
    echo "WORKER_MEMORY=$memory"
  } > "$RUN_DIR/cluster.env"
  local i wport wweb
  for (( i = 1; i <= workers; i++ )); do
    pick_port wport $((port + 1)); pick_port wweb $((webui + 1))
    mkdir -p "$RUN_DIR/work/worker-$i"
    start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host "$HOST" --port "$wport" \
      --webui-port "$wweb" --cores "$cores" --memory "$memory" --work-dir "$RUN_DIR/work/worker-$i" "$master_url"
  done

  local deadline=$((SECONDS + timeout)) json alive=0
  while :; do
    for f in "$RUN_DIR"/*.pid; do
      if ! kill -0 "$(cat "$f")" 2>/dev/null; then
        local name; name="$(basename "$f" .pid)"
        tail -n 40 "$RUN_DIR/logs/$name.log" >&2 || true
        die "$name exited during start (log above: $RUN_DIR/logs/$name.log)"
      fi
    done
    json="$(http_get "$webui" /json/ 2>/dev/null || true)"
    alive="$(json_number aliveworkers <<< "$json")"
    if [[ "$(json_string status <<< "$json")" == ALIVE && "${alive:-0}" -ge "$workers" ]]; then break; fi
    if (( SECONDS >= deadline )); then
      die "only ${alive:-0} of $workers workers registered after ${timeout}s; logs in $RUN_DIR/logs"
    fi
    sleep 1
  done
  trap - EXIT
  say "Spark $version standalone cluster: $workers workers x $cores cores x $memory, web UI http://$HOST:$webui, logs $RUN_DIR/logs"
  echo "$master_url"
}

cmd_url() {
  load_env && is_ours "${MASTER_PID:-0}" org.apache.spark.deploy.master.Master || die "no cluster running under $CLUSTER_DIR"
  echo "$MASTER_URL"
}

cmd_status() {
  if ! load_env; then echo "no cluster under $CLUSTER_DIR"; return 3; fi
  local ok=0 f name pid state
  echo "cluster:   $CLUSTER_DIR (Spark $SPARK_VERSION, SPARK_HOME $SPARK_HOME)"
  for f in "$RUN_DIR"/master.pid "$RUN_DIR"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    name="$(basename "$f" .pid)"; pid="$(cat "$f")"
    if is_ours "$pid" org.apache.spark.deploy; then
      state="running"
      if [[ "$name" == worker-* ]]; then
        local ex; ex="$(executor_pids "$pid" | tr '\n' ' ')"
        state+=", executors: ${ex:-none}"
      fi
    else
      state="NOT RUNNING"; ok=1
    fi
    printf '%-10s pid %-8s %s\n' "$name:" "$pid" "$state"
  done
  local json  # the master's own totals follow the workers array, from "aliveworkers" on
  json="$(http_get "$MASTER_WEBUI_PORT" /json/ 2>/dev/null | sed -n '/"aliveworkers"/,$p' || true)"
  if [[ -n "$json" ]]; then
    echo "master:    $MASTER_URL  web UI http://$HOST:$MASTER_WEBUI_PORT  status $(json_string status <<< "$json")"
    echo "workers:   $(json_number aliveworkers <<< "$json") alive of $WORKERS, cores $(json_number coresused <<< "$json")/$(json_number cores <<< "$json") cores used, $(grep -o '"activeapps" : \[ [^]]' <<< "$json" >/dev/null && echo "applications running" || echo "no application running")"
  else
    echo "master:    $MASTER_URL  (web UI http://$HOST:$MASTER_WEBUI_PORT not answering)"; ok=1
  fi
  echo "logs:      $RUN_DIR/logs"
  return $ok
}

# stop: TERM to the workers (their shutdown hooks kill their executors) and the master, KILL after 20 s, then any
# executor that outlived its worker. Only PIDs from this cluster's pid files (checked against the command line).
cmd_stop() {
  if [[ ! -d "$RUN_DIR" ]]; then say "no cluster under $CLUSTER_DIR"; return 0; fi
  local f pid executors="" stopped=0
  local -a pids=()
  for f in "$RUN_DIR"/worker-*.pid "$RUN_DIR"/master.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    if is_ours "$pid" org.apache.spark.deploy; then
      executors+=" $(executor_pids "$pid" | tr '\n' ' ')"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 20)) left
  while :; do
    left=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    (( left == 0 || SECONDS >= deadline )) && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then say "pid $pid ignored TERM; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    stopped=$((stopped + 1))
  done
  for pid in $executors; do
    if [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$RUN_DIR/work/"* ]]; then
      say "executor $pid outlived its worker; killing"; kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$RUN_DIR"/*.pid "$RUN_DIR/cluster.env"
  say "stopped $stopped processes (logs kept in $RUN_DIR/logs)"
}

# submit: spark-submit (client deploy mode) against the running cluster unless ARGS name --master
cmd_submit() {
  local has_master=false a value_of=""
  for a in "$@"; do # spark-submit's own options come before the application jar; what follows is the app's
    if [[ -n "$value_of" ]]; then # the value of the option before (e.g. a --driver-class-path ending in .jar)
      [[ "$value_of" == --conf || "$value_of" == -c ]] && [[ "$a" == spark.master=* ]] && has_master=true
      value_of=""; continue
    fi
    case "$a" in
      --master|--master=*|--version) has_master=true; [[ "$a" == --master ]] && value_of="$a" ;;
      --verbose|-v|--supervise|--help|-h) ;;
      --*=*) ;;
      --*|-c) value_of="$a" ;;
      *) break ;; # the application jar (or class), then the application's own arguments
    esac
  done
  local -a defaults=(--conf "spark.driver.host=$HOST")
  local home
  if [[ "$has_master" == false ]]; then
    load_env && is_ours "${MASTER_PID:-0}" org.apache.spark.deploy.master.Master \
      || die "no cluster running under $CLUSTER_DIR (start one, or pass --master)"
    home="$SPARK_HOME"
    defaults=(--master "$MASTER_URL" "${defaults[@]}" --conf "spark.executor.memory=$WORKER_MEMORY")
  else
    home="$(ensure_home "$DEFAULT_SPARK_VERSION")"
  fi
  spark_env "$home"
  mkdir -p "$RUN_DIR/tmp"
  export SPARK_LOCAL_DIRS="${SPARK_LOCAL_DIRS:-$RUN_DIR/tmp}"
  export SPARK_SUBMIT_OPTS="-Dneurospark.log.level=${NEUROSPARK_SPARK_LOG_LEVEL:-warn} ${SPARK_SUBMIT_OPTS:-}"
  local -a cmd
  launcher_command cmd org.apache.spark.deploy.SparkSubmit "${defaults[@]}" "$@"
  (( ${#cmd[@]} > 0 )) || die "Spark's launcher built no command"
  local rc="${cmd[-1]}"; unset 'cmd[-1]'
  [[ "$rc" == 0 ]] || exit "$rc"
  exec "${cmd[@]}"
}

# run MAIN_CLASS APP_JAR ARGS...: MAIN_CLASS on a plain JVM with APP_JAR and Spark's jars on the class path (an
# embedded Spark: the job picks its master, local[*] by default; spark.jars ships APP_JAR to a cluster's executors)
cmd_run() {
  (( $# >= 2 )) || die "usage: run MAIN_CLASS APP_JAR [ARGS...]"
  local main="$1" jar="$2"; shift 2
  [[ -f "$jar" ]] || die "no such jar: $jar"
  local version="$DEFAULT_SPARK_VERSION"
  load_env && is_ours "${MASTER_PID:-0}" org.apache.spark.deploy.master.Master && version="$SPARK_VERSION"
  local home; home="$(ensure_home "$version")"
  spark_env "$home"
  mkdir -p "$RUN_DIR/tmp"
  export SPARK_LOCAL_DIRS="${SPARK_LOCAL_DIRS:-$RUN_DIR/tmp}"
  # shellcheck disable=SC2086
  exec "$JAVA" ${NEUROSPARK_JAVA_OPTS:-} $SPARK_MODULE_OPTS -Dneurospark.log.level="${NEUROSPARK_SPARK_LOG_LEVEL:-warn}" \
    -Dspark.driver.host="$HOST" -Dspark.jars="$jar" \
    -cp "$jar:$home/conf:$home/jars/*" "$main" "$@"
}

# exec_daemon CLASS ARGS...: one Spark daemon in the foreground; the JVM that Spark's launcher builds replaces this
# script (same pid, signals and output), as a container's entry process wants. State under $RUN_DIR (work/, tmp/).
exec_daemon() {
  local home; home="$(ensure_home "$DEFAULT_SPARK_VERSION")"
  spark_env "$home"
  mkdir -p "$RUN_DIR/work" "$RUN_DIR/tmp"
  export SPARK_LOCAL_DIRS="${SPARK_LOCAL_DIRS:-$RUN_DIR/tmp}" SPARK_WORKER_DIR="${SPARK_WORKER_DIR:-$RUN_DIR/work}"
  export SPARK_DAEMON_MEMORY="${NEUROSPARK_DAEMON_MEMORY:-256m}"
  export SPARK_DAEMON_JAVA_OPTS="${NEUROSPARK_DAEMON_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -Dneurospark.log.level=info ${SPARK_DAEMON_JAVA_OPTS:-}"
  local -a cmd
  launcher_command cmd "$@" >/dev/null
  (( ${#cmd[@]} > 1 )) || die "Spark's launcher built no command for $1"
  local rc="${cmd[-1]}"; unset 'cmd[-1]'
  [[ "$rc" == 0 ]] || die "Spark's launcher failed for $1 (exit $rc)"
  say "$1 on $HOST (Spark $(home_version "$home"), SPARK_HOME $home)"
  exec "${cmd[@]}"
}

# master --foreground [--host H] [--port P] [--webui-port P]
cmd_master() {
  local fg=false port="" webui=""
  while (( $# )); do
    case "$1" in
      --foreground) fg=true; shift ;;
      --host) HOST="${2:?--host needs a value}"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --webui-port) webui="$2"; shift 2 ;;
      *) die "master: unknown option '$1'" ;;
    esac
  done
  [[ "$fg" == true ]] || die "master runs only in the foreground (--foreground); 'start' runs a whole cluster in the background"
  take_port port "${port:-7077}"; take_port webui "${webui:-8080}"
  exec_daemon org.apache.spark.deploy.master.Master --host "$HOST" --port "$port" --webui-port "$webui"
}

# worker --foreground [--host H] [--port P] [--webui-port P] [--cores C] [--memory M] [--work-dir D] MASTER_URL
# (cores and memory: Spark's defaults, all cores and all memory but 1 GiB, when not given)
cmd_worker() {
  local fg=false master="" port="" webui="" work=""
  local -a extra=()
  while (( $# )); do
    case "$1" in
      --foreground) fg=true; shift ;;
      --host) HOST="${2:?--host needs a value}"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --webui-port) webui="$2"; shift 2 ;;
      --cores) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--cores must be a positive integer, got '${2:-}'"
                extra+=(--cores "$2"); shift 2 ;;
      --memory) [[ "${2:-}" =~ ^[1-9][0-9]*[mMgG]$ ]] || die "--memory must look like 512m or 1g, got '${2:-}'"
                extra+=(--memory "$2"); shift 2 ;;
      --work-dir) work="$2"; shift 2 ;;
      spark://*) [[ -z "$master" ]] || die "worker: two master URLs ('$master', '$1')"; master="$1"; shift ;;
      *) die "worker: unknown option '$1' (the master URL looks like spark://HOST:PORT)" ;;
    esac
  done
  [[ "$fg" == true ]] || die "worker runs only in the foreground (--foreground); 'start' runs a whole cluster in the background"
  [[ -n "$master" ]] || die "worker: no master URL (spark://HOST:PORT)"
  if [[ -n "$port" ]]; then take_port port "$port"; else port=0; fi # 0: a free port Spark picks
  take_port webui "${webui:-8081}"
  work="${work:-$RUN_DIR/work}"; mkdir -p "$work"
  exec_daemon org.apache.spark.deploy.worker.Worker --host "$HOST" --port "$port" --webui-port "$webui" \
    "${extra[@]}" --work-dir "$work" "$master"
}

cmd_home() {
  local version="$DEFAULT_SPARK_VERSION"
  [[ "${1:-}" == --spark-version ]] && version="${2:?--spark-version needs a value}"
  ensure_home "$version"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop ;;
  status) shift; cmd_status ;;
  url) shift; cmd_url ;;
  submit) shift; cmd_submit "$@" ;;
  run) shift; cmd_run "$@" ;;
  home) shift; cmd_home "$@" ;;
  master) shift; cmd_master "$@" ;;
  worker) shift; cmd_worker "$@" ;;
  ""|-h|--help|help) sed -n '2,25p' "${BASH_SOURCE[0]}" ;;
  *) die "unknown command '$1' (start, status, stop, url, submit, run, home, master, worker)" ;;
esac
