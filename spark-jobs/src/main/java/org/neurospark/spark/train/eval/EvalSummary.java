package org.neurospark.spark.train.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What {@code spark eval} measured.
 *
 * @param accuracy test accuracy in [0, 1]
 * @param samples test samples evaluated
 * @param loss mean test loss (the run's loss function)
 * @param seconds wall time
 */
public record EvalSummary(double accuracy, long samples, double loss, double seconds) {
  /** One-line JSON ({@code eval --json}): accuracy, samples, loss, seconds. */
  public String toJson() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("accuracy", accuracy);
    o.put("samples", samples);
    if (Double.isFinite(loss)) {
      o.put("loss", loss);
    } else {
      o.putNull("loss");
    }
    o.put("seconds", seconds);
    return o.toString();
  }

  public String toText() {
    return String.format(Locale.ROOT, "eval: accuracy %.4f on %d test samples (loss %.4f) in %.1f s", accuracy,
        samples, loss, seconds);
  }
}
