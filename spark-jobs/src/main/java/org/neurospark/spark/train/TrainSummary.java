package org.neurospark.spark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code spark train} run did.
 *
 * @param rounds rounds committed in total (the run's rounds.jsonl)
 * @param roundsThisRun rounds committed by this invocation
 * @param samples training samples over all committed rounds and workers
 * @param loss training loss of the last round
 * @param accuracy training accuracy of the last round
 * @param workers workers
 * @param averaging ring or tree
 * @param restarts times the training stage was restarted after a failure in this invocation
 * @param devices each worker's device ({@link WorkerReport#device()}: "cpu", "cuda:ADDR", "sealed", ...), by rank (from the last stage)
 * @param trainSeconds rank 0's wall time in local steps during the last stage (ring; NaN for tree)
 * @param averageSeconds rank 0's wall time in averaging during the last stage, {@code waitSeconds} included (ring;
 *     NaN for tree)
 * @param waitSeconds the part of {@code averageSeconds} rank 0 spent waiting for the slowest worker to finish its
 *     local steps (ring; NaN for tree)
 * @param bytesSent bytes rank 0 sent to its ring neighbour during the last stage (0 for tree)
 * @param seconds wall time of this invocation
 */
public record TrainSummary(int rounds, int roundsThisRun, long samples, double loss, double accuracy, int workers,
    String averaging, int restarts, List<String> devices, double trainSeconds, double averageSeconds,
    double waitSeconds, long bytesSent, double seconds) {
  /** One-line JSON ({@code train --json}). */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("rounds", rounds);
    o.put("rounds_this_run", roundsThisRun);
    o.put("samples", samples);
    if (Double.isFinite(loss)) {
      o.put("loss", loss);
    } else {
      o.putNull("loss");
    }
    o.put("accuracy", accuracy);
    o.put("workers", workers);
    o.put("averaging", averaging);
    o.put("restarts", restarts);
    ArrayNode d = o.putArray("devices");
    devices.forEach(d::add);
    if (Double.isFinite(trainSeconds)) {
      o.put("train_seconds", trainSeconds);
      o.put("average_seconds", averageSeconds);
    }
    if (Double.isFinite(waitSeconds)) {
      o.put("wait_seconds", waitSeconds);
    }
    o.put("bytes_sent", bytesSent);
    o.put("seconds", seconds);
    return o.toString();
  }

  /** Human-readable summary. */
  public String toText() {
    String timing = Double.isFinite(trainSeconds) ? String.format(Locale.ROOT, "; rank 0: %.2f s steps, %.3f s "
        + "averaging (%.1f%%%s), %.1f MB sent", trainSeconds, averageSeconds,
        100 * averageSeconds / Math.max(1e-9, trainSeconds + averageSeconds),
        Double.isFinite(waitSeconds) ? String.format(Locale.ROOT, ", of which %.3f s waiting for the slowest worker",
            waitSeconds) : "", bytesSent / 1e6) : "";
    return String.format(Locale.ROOT, "train: %d rounds (%d now) on %d workers (%s averaging, %s), %d samples, last"
        + " round loss %.4f accuracy %.3f, %d restarts, %.1f s%s", rounds, roundsThisRun, workers, averaging,
        String.join(" ", devices), samples, loss, accuracy, restarts, seconds, timing);
  }
}
