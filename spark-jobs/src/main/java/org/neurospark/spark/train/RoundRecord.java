package org.neurospark.spark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of {@code RUN/rounds.jsonl}: a committed round, with exactly the keys {@code round, epoch, step, samples,
 * loss, accuracy, workers, attempt, seconds}.
 *
 * @param round round index (0-based)
 * @param epoch epoch of the round's last step (0-based)
 * @param step optimizer steps per worker done after the round
 * @param samples training samples of the round, summed over the workers
 * @param loss mean training loss of the round over all workers' batches (null in JSON when not finite)
 * @param accuracy training accuracy of the round over all workers' batches, in [0, 1]
 * @param workers workers that averaged in this round
 * @param attempt the driver's start of the training stage that committed the round (0 = the first; a restart after a
 *     lost worker, or a {@code --resume}, counts one more)
 * @param seconds wall time of the round on the committing worker (local steps and averaging, up to the commit), in
 *     seconds
 */
public record RoundRecord(int round, int epoch, long step, long samples, double loss, double accuracy, int workers,
    int attempt, double seconds) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The keys of a line, in order. */
  public static final List<String> KEYS = List.of("round", "epoch", "step", "samples", "loss", "accuracy", "workers",
      "attempt", "seconds");

  /** The record of a finished round. */
  public static RoundRecord of(RoundResult r, int attempt, double seconds) {
    return new RoundRecord(r.round(), r.epoch(), r.step(), r.samples(), r.loss(), r.accuracy(), r.workers(),
        attempt, seconds);
  }

  /** The JSON line (no newline). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("round", round);
    o.put("epoch", epoch);
    o.put("step", step);
    o.put("samples", samples);
    if (Double.isFinite(loss)) {
      o.put("loss", loss);
    } else {
      o.putNull("loss");
    }
    o.put("accuracy", accuracy);
    o.put("workers", workers);
    o.put("attempt", attempt);
    o.put("seconds", seconds);
    return o.toString();
  }

  /** Parses a line; {@code where} names it in errors (file and line number). */
  public static RoundRecord parse(String line, String where) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (IOException e) {
      throw new IOException(where + ": not a JSON object: " + e.getMessage(), e);
    }
    Set<String> keys = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    if (!keys.equals(new TreeSet<>(KEYS))) {
      throw new IOException(where + ": keys " + keys + ", expected " + KEYS);
    }
    return new RoundRecord(n.get("round").asInt(), n.get("epoch").asInt(), n.get("step").asLong(),
        n.get("samples").asLong(), n.get("loss").isNull() ? Double.NaN : n.get("loss").asDouble(),
        n.get("accuracy").asDouble(), n.get("workers").asInt(), n.get("attempt").asInt(),
        n.get("seconds").asDouble());
  }
}
