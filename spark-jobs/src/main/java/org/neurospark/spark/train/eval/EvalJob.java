package org.neurospark.spark.train.eval;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.neurospark.snn.autograd.GradMode;
import org.neurospark.snn.data.Batch;
import org.neurospark.snn.encoding.InputEncoder;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.loss.Loss;
import org.neurospark.snn.loss.Losses;
import org.neurospark.snn.models.ModelZoo;
import org.neurospark.snn.monitor.BaseMonitor;
import org.neurospark.snn.monitor.OutputMonitor;
import org.neurospark.snn.neuron.BaseNode;
import org.neurospark.snn.nn.Module;
import org.neurospark.snn.tensor.Rng;
import org.neurospark.snn.tensor.Tensor;
import org.neurospark.snn.tensor.cpu.CpuConfig;
import org.neurospark.snn.tensor.cpu.CpuContext;
import org.neurospark.snn.train.StepSeeds;
import org.neurospark.snn.train.TrainConfig;
import org.neurospark.spark.cli.UsageException;
import org.neurospark.spark.tables.Tables;
import org.neurospark.spark.train.FrameRecord;
import org.neurospark.spark.train.FrameShards;
import org.neurospark.spark.train.RunDirectory;
import org.neurospark.spark.train.SpilledShard;

/**
 * {@code spark eval}: the model of a {@code spark train} run ({@code RUN/model.safetensors}, configured by
 * {@code RUN/args.json}) evaluated on split {@code test} of {@code TABLES/frames}, distributed: the test samples are
 * cut into balanced partitions (as training shards them), each task builds the model, loads the broadcast weights
 * and runs inference in eval mode without gradients (batches of the run's batch size; the loss is the run's), with
 * an {@link OutputMonitor} on every spiking layer. Writes into {@code REPORT/}: {@code report.json} (exactly
 * {@code accuracy, per_class, confusion, firing_rates, samples}), {@code predictions/} (Parquet:
 * {@code sample_id, label, prediction, correct}) and {@code confusion.png}.
 *
 * <p>Meanings: {@code per_class[c]} = accuracy over the samples of true class c (null when the split has none);
 * {@code confusion[t][p]} = samples of true class t predicted as p; {@code firing_rates[layer]} = fraction of the
 * layer's neuron-steps that spiked over the whole split (layers by module path, e.g. {@code conv_fc.2}).
 */
public final class EvalJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The Parquet table's schema. */
  public static final StructType PREDICTIONS = new StructType()
      .add("sample_id", DataTypes.StringType, false)
      .add("label", DataTypes.IntegerType, false)
      .add("prediction", DataTypes.IntegerType, false)
      .add("correct", DataTypes.BooleanType, false);

  private EvalJob() {}

  /** The configuration of the run in {@code run} (from its args.json). */
  static TrainConfig config(RunDirectory run, int threads) throws IOException {
    if (!run.exists(RunDirectory.ARGS) || !run.exists("model.safetensors")) {
      throw new UsageException(run.root() + " holds no trained run (args.json and model.safetensors): run 'spark "
          + "train --out " + run.root() + "' first");
    }
    JsonNode a = JSON.readTree(run.read(RunDirectory.ARGS));
    TrainConfig.Builder b = TrainConfig.builder().model(a.get("model").asText()).channels(a.get("channels").asInt())
        .timeSteps(a.get("T").asInt()).batch(a.get("batch").asInt()).loss(a.get("loss").asText()).encoder("frames")
        .seed(a.get("seed").asLong()).threads(threads).progress(false);
    if (a.hasNonNull("neuron")) {
      b.neuron(a.get("neuron").asText());
    }
    return b.build();
  }

  /** Evaluates; never exits the JVM. */
  public static EvalSummary run(SparkSession spark, String tables, String checkpoint, String report)
      throws IOException {
    long start = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RunDirectory run = new RunDirectory(checkpoint, jsc.hadoopConfiguration());
    int threads = Math.max(1, jsc.getConf().getInt("spark.task.cpus", 1));
    TrainConfig cfg = config(run, threads);
    byte[] weights = run.read("model.safetensors");
    long n = Tables.exists(spark, Tables.frames(tables)) ? spark.read().format("delta").load(Tables.frames(tables))
        .where(col("split").equalTo("test")).count() : 0;
    if (n == 0) {
      throw new UsageException(tables + " has no test samples in frames/ (split 'test')");
    }
    int parts = (int) Math.max(1, Math.min(n, jsc.defaultParallelism()));
    FrameShards shards = FrameShards.open(spark, tables, "test", parts);
    try {
      if (shards.timeSteps() != cfg.timeSteps()) {
        throw new UsageException("the run was trained on T = " + cfg.timeSteps() + " frames, the test split has T = "
            + shards.timeSteps());
      }
      int classes = Math.max(ModelZoo.inputSpec(cfg.model()).classes(), shards.numClasses());
      FrameShards.Shape shape = shards.shape();
      Broadcast<byte[]> bw = jsc.broadcast(weights);
      JavaRDD<EvalOutput> outs = shards.records().mapPartitions(
          it -> evaluate(it, cfg, shape, classes, bw.value())).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        PartitionStats total = outs.filter(o -> o.stats() != null).map(EvalOutput::stats)
            .fold(new PartitionStats(classes), PartitionStats::merge);
        JavaRDD<Row> rows = outs.filter(o -> o.stats() == null)
            .map(o -> RowFactory.create(o.sampleId(), o.label(), o.prediction(), o.label() == o.prediction()));
        spark.createDataFrame(rows, PREDICTIONS).write().mode(SaveMode.Overwrite)
            .parquet(new org.apache.hadoop.fs.Path(report, "predictions").toString());
        return write(jsc, report, total, (System.nanoTime() - start) / 1e9);
      } finally {
        outs.unpersist(false);
        bw.destroy();
      }
    } finally {
      shards.release();
    }
  }

  private static Iterator<EvalOutput> evaluate(Iterator<FrameRecord> it, TrainConfig cfg, FrameShards.Shape shape,
      int classes, byte[] weights) throws IOException {
    // the samples go to a task-local spill file (deleted when the task ends), in id order: the heap holds one batch
    FrameShards.Shape wide = new FrameShards.Shape(shape.t(), shape.height(), shape.width(), classes);
    try (SpilledShard data = FrameShards.spill(it, wide)) {
      return evaluate(data, cfg, classes, weights);
    }
  }

  private static Iterator<EvalOutput> evaluate(SpilledShard data, TrainConfig cfg, int classes, byte[] weights)
      throws IOException {
    List<EvalOutput> out = new ArrayList<>();
    PartitionStats stats = new PartitionStats(classes);
    try (CpuContext cpu = CpuContext.open(CpuConfig.fromEnvironment().withThreads(cfg.threads()));
        CpuContext.Scope in = cpu.enter(); GradMode.Scope ng = GradMode.noGrad()) {
      Module m = cfg.createModel();
      m.loadStateDict(SafeTensors.read(weights, "model.safetensors"), true);
      m.eval();
      OutputMonitor mon = new OutputMonitor(m, List.of(BaseNode.class), (d, s) -> {
        double sum = 0;
        for (float v : d) {
          sum += v;
        }
        return new float[] {(float) sum, d.length};
      });
      Loss loss = cfg.lossFunction();
      InputEncoder enc = cfg.inputEncoder();
      int[] idx = new int[data.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      for (int from = 0, k = 0; from < idx.length; from += cfg.batch(), k++) {
        int b = Math.min(cfg.batch(), idx.length - from);
        Batch batch = data.batch(idx, from, b);
        Tensor xs = enc.encode(batch.inputs(), new Rng(StepSeeds.evaluation(cfg.seed(), k).encoder()));
        Tensor o = m.forward(xs);
        stats.lossSum += loss.compute(o, batch.labels()).item() * b;
        int[] pred = Losses.predict(o);
        for (int i = 0; i < b; i++) {
          int label = batch.labels()[i];
          stats.confusion[label][pred[i]]++;
          out.add(new EvalOutput(data.sampleId(from + i), label, pred[i], null));
        }
        stats.samples += b;
        m.reset();
        for (BaseMonitor.Entry e : mon.records()) {
          stats.addSpikes(e.layer(), e.value()[0], e.value()[1]);
        }
        mon.clearRecordedData();
      }
      mon.removeHooks();
    }
    out.add(new EvalOutput(null, -1, -1, stats));
    return out.iterator();
  }

  private static EvalSummary write(JavaSparkContext jsc, String report, PartitionStats s, double seconds)
      throws IOException {
    RunDirectory dir = new RunDirectory(report, jsc.hadoopConfiguration());
    long correct = 0;
    ObjectNode o = JSON.createObjectNode();
    ArrayNode perClass = JSON.createArrayNode();
    ArrayNode confusion = JSON.createArrayNode();
    for (int t = 0; t < s.confusion.length; t++) {
      long row = 0;
      ArrayNode r = confusion.addArray();
      for (int p = 0; p < s.confusion.length; p++) {
        row += s.confusion[t][p];
        r.add(s.confusion[t][p]);
      }
      correct += s.confusion[t][t];
      if (row == 0) {
        perClass.addNull();
      } else {
        perClass.add((double) s.confusion[t][t] / row);
      }
    }
    double accuracy = (double) correct / s.samples;
    o.put("accuracy", accuracy);
    o.set("per_class", perClass);
    o.set("confusion", confusion);
    ObjectNode rates = o.putObject("firing_rates");
    for (Map.Entry<String, double[]> e : s.spikes.entrySet()) {
      rates.put(e.getKey(), e.getValue()[1] == 0 ? 0 : e.getValue()[0] / e.getValue()[1]);
    }
    o.put("samples", s.samples);
    dir.write("report.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o)
        .getBytes(StandardCharsets.UTF_8));
    dir.write("confusion.png", ConfusionPng.render(s.confusion, accuracy));
    return new EvalSummary(accuracy, s.samples, s.lossSum / s.samples, seconds);
  }
}
