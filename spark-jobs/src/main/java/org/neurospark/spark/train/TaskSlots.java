package org.neurospark.spark.train;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;

/**
 * The task slots a Spark application has for a barrier stage (which needs one slot per worker, all at once): the
 * number Spark's own barrier check uses, {@code SparkContext.maxNumConcurrentTasks} of the default resource profile
 * (the free cores of the executors alive now, per task; {@code private[spark]} in Scala, public in the bytecode, so
 * called from Java). Where that method is missing (another Spark version) an estimate: {@code local[N]} → N /
 * {@code spark.task.cpus}; {@code local-cluster[E,C,M]} → E · (C / task cpus); otherwise the registered executors
 * times (their {@code spark.executor.cores} / task cpus), or, when executor cores are not set, the cores registered
 * ({@code defaultParallelism}) / task cpus — an estimate that counts at least 2 even when one 1-core executor is left.
 */
final class TaskSlots {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,.*\\]");

  private TaskSlots() {}

  /** The slots available now. */
  static int available(SparkContext sc) {
    try {
      return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    } catch (LinkageError e) {
      return estimate(sc);
    }
  }

  /**
   * The slots as public APIs tell them. Wrong for a standalone cluster that lost an executor: without
   * {@code spark.executor.cores}, {@code defaultParallelism} is {@code max(cores, 2)}, so one 1-core executor
   * counts as 2 slots.
   */
  static int estimate(SparkContext sc) {
    int taskCpus = Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
    String master = sc.master();
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      int n = m.group(1) == null ? 1 : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(m.group(1));
      return n / taskCpus;
    }
    m = LOCAL_CLUSTER.matcher(master);
    if (m.matches()) {
      return Integer.parseInt(m.group(1)) * (Integer.parseInt(m.group(2)) / taskCpus);
    }
    int executors = Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
    if (sc.getConf().contains("spark.executor.cores")) {
      return executors * (sc.getConf().getInt("spark.executor.cores", 1) / taskCpus);
    }
    if (executors == 0) {
      return 0;
    }
    return sc.defaultParallelism() / taskCpus;
  }

  /**
   * Waits up to {@code waitMillis} for {@code needed} slots (executors of a cluster may still be registering, or be
   * replacing one that was lost; {@code local[N]} has a fixed number and fails at once), then fails with a message
   * saying what is missing.
   */
  static void require(SparkContext sc, int needed, long waitMillis) {
    long end = System.nanoTime() + waitMillis * 1_000_000L;
    int have = available(sc);
    boolean fixed = LOCAL.matcher(sc.master()).matches();
    while (have < needed && !fixed && System.nanoTime() < end) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      have = available(sc);
    }
    if (have < needed) {
      throw new NotEnoughSlotsException("the training stage needs " + needed + " task slots at once (one barrier task "
          + "per worker) but master " + sc.master() + " offers " + have + " (spark.task.cpus = "
          + sc.getConf().getInt("spark.task.cpus", 1) + ", " + Math.max(0,
          sc.statusTracker().getExecutorInfos().length - 1) + " executors registered): start more workers or "
          + "executors, or lower --workers");
    }
  }
}
