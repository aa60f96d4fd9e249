package org.neurospark.snn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop's position and running sums ({@code trainer.json} of a checkpoint). Random state needs no
 * generator snapshot: every generator of a step is seeded from ({@code seed}, epoch, batch) ({@link StepSeeds},
 * {@link org.neurospark.snn.data.EpochOrder}), so {@code seed} with the position is the complete RNG state.
 *
 * @param epoch current epoch (0-based)
 * @param batch next batch within the epoch
 * @param globalStep optimizer steps done in total
 * @param sumLoss Σ loss·batch size in the current epoch so far
 * @param correct correct training predictions in the current epoch so far
 * @param seen training samples in the current epoch so far
 * @param bestTestAcc best test accuracy so far (-1 before the first evaluation)
 * @param bestEpoch epoch of the best accuracy (-1 before)
 * @param lr learning rate in use
 * @param schedule learning-rate schedule spec
 * @param seed run seed
 * @param points curve points (epoch, train loss, test loss, train acc, test acc; NaN when absent)
 */
public record TrainerState(int epoch, int batch, long globalStep, double sumLoss, long correct, long seen,
    double bestTestAcc, int bestEpoch, double lr, String schedule, long seed, List<CurvePlot.Point> points)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  public TrainerState {
    points = List.copyOf(points);
  }

  /** The {@code trainer.json} text (pretty-printed UTF-8 JSON). */
  public byte[] toJsonBytes() {
    ObjectNode o = JSON.createObjectNode();
    o.put("epoch", epoch);
    o.put("batch", batch);
    o.put("global_step", globalStep);
    o.put("sum_loss", sumLoss);
    o.put("correct", correct);
    o.put("seen", seen);
    o.put("best_test_acc", bestTestAcc);
    o.put("best_epoch", bestEpoch);
    o.put("lr", lr);
    o.put("schedule", schedule);
    o.put("seed", seed);
    ArrayNode pts = o.putArray("points");
    for (CurvePlot.Point p : points) {
      ArrayNode a = pts.addArray().add(p.epoch());
      for (double v : new double[] {p.trainLoss(), p.testLoss(), p.trainAcc(), p.testAcc()}) {
        if (Double.isFinite(v)) {
          a.add(v);
        } else {
          a.addNull();
        }
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@link #toJsonBytes()}; {@code source} names the data in errors. */
  public static TrainerState fromJson(byte[] json, String source) throws IOException {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException e) {
      throw new IOException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    for (String k : new String[] {"epoch", "batch", "global_step", "sum_loss", "correct", "seen", "best_test_acc",
        "best_epoch", "lr", "schedule", "seed", "points"}) {
      if (o == null || !o.has(k)) {
        throw new IOException(source + ": trainer state lacks '" + k + "'");
      }
    }
    List<CurvePlot.Point> pts = new ArrayList<>();
    for (JsonNode p : o.get("points")) {
      pts.add(new CurvePlot.Point(p.get(0).asDouble(), num(p.get(1)), num(p.get(2)), num(p.get(3)), num(p.get(4))));
    }
    return new TrainerState(o.get("epoch").asInt(), o.get("batch").asInt(), o.get("global_step").asLong(),
        o.get("sum_loss").asDouble(), o.get("correct").asLong(), o.get("seen").asLong(),
        o.get("best_test_acc").asDouble(), o.get("best_epoch").asInt(), o.get("lr").asDouble(),
        o.get("schedule").asText(), o.get("seed").asLong(), pts);
  }

  private static double num(JsonNode n) {
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
  }
}
