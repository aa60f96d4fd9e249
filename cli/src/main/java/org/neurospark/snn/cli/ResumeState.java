package org.neurospark.snn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.io.StDType;
import org.neurospark.snn.io.StEntry;

/**
 * Checks {@code OUT/checkpoint_latest} before {@code snn train --resume} continues from it: {@code trainer.json}
 * must be a JSON object whose counters are in range (epoch in [0, --epochs], batch and step ≥ 0 and below 2^53,
 * best accuracy in [0, 1]), and every floating-point value of {@code model.safetensors} and
 * {@code optimizer.safetensors} must be finite. Files that are absent are left to the trainer's own message.
 */
final class ResumeState {
  private static final long MAX_COUNTER = 1L << 53;

  private ResumeState() {}

  static void validate(Path out, int epochs) throws IOException {
    Path ck = out.resolve("checkpoint_latest");
    Path tj = ck.resolve("trainer.json");
    if (Files.isRegularFile(tj)) {
      JsonNode o;
      try {
        o = new ObjectMapper().readTree(tj.toFile());
      } catch (IOException e) {
        throw new IOException(tj + ": not valid JSON (" + e.getMessage().split("\n")[0] + "); cannot resume", e);
      }
      if (o == null || !o.isObject()) {
        throw new IOException(tj + ": empty or not a JSON object; cannot resume");
      }
      counter(tj, o, "epoch", 0, epochs);
      counter(tj, o, "batch", 0, MAX_COUNTER - 1);
      counter(tj, o, "global_step", 0, MAX_COUNTER - 1);
      counter(tj, o, "seen", 0, MAX_COUNTER - 1);
      counter(tj, o, "correct", 0, MAX_COUNTER - 1);
      JsonNode best = o.get("best_test_acc");
      if (best != null && !best.isNull() && (!best.isNumber() || !(best.asDouble() >= 0 && best.asDouble() <= 1))) {
        throw new IOException(tj + ": best_test_acc " + best + " is not in [0, 1]; cannot resume");
      }
      JsonNode loss = o.get("sum_loss");
      if (loss != null && !loss.isNull() && (!loss.isNumber() || !Double.isFinite(loss.asDouble()))) {
        throw new IOException(tj + ": sum_loss " + loss + " is not finite; cannot resume");
      }
    }
    for (String f : new String[] {"model.safetensors", "optimizer.safetensors"}) {
      Path p = ck.resolve(f);
      if (Files.isRegularFile(p)) {
        requireFinite(p);
      }
    }
  }

  private static void counter(Path file, JsonNode o, String key, long min, long max) throws IOException {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new IOException(file + ": " + key + " = " + v + " is not an integer in [" + min + ", " + max
          + "]; cannot resume");
    }
  }

  /** Throws naming the file, the tensor and the index of the first NaN or infinite value. */
  static void requireFinite(Path file) throws IOException {
    SafeTensors st = SafeTensors.read(file);
    for (Map.Entry<String, StEntry> e : st.entries().entrySet()) {
      StDType d = e.getValue().dtype();
      if (d == StDType.F32 || d == StDType.F64 || d == StDType.F16 || d == StDType.BF16) {
        double[] v = e.getValue().toDoubles();
        for (int i = 0; i < v.length; i++) {
          if (!Double.isFinite(v[i])) {
            throw new IOException(file + ": tensor '" + e.getKey() + "' holds " + v[i] + " at index " + i
                + "; refusing to resume from a non-finite state");
          }
        }
      }
    }
  }
}
