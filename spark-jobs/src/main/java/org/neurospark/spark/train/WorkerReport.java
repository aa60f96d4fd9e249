package org.neurospark.spark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;

/**
 * What one worker of a training stage reports when it ends (a JSON line, the stage's only result on the driver).
 *
 * @param rank worker rank
 * @param host the executor's host
 * @param device where the replica trained ({@link TrainDevice#description()}): "cpu", "sealed", "cuda:ADDR", or
 *     "cpu (gpu:ADDR assigned, CUDA unavailable: ...)" when Spark assigned a GPU the CUDA backend could not use
 * @param threads CPU threads the worker trained with
 * @param samples samples in the worker's shard
 * @param rounds rounds the worker ran in this stage
 * @param trainSeconds wall time of the local steps, seconds
 * @param averageSeconds wall time of the averaging, seconds, {@code waitSeconds} included
 * @param waitSeconds the part of {@code averageSeconds} spent waiting for the slowest worker to finish its local
 *     steps, seconds (NaN when the report does not say)
 * @param bytesSent bytes the worker sent to its ring neighbour (0 for tree averaging)
 */
public record WorkerReport(int rank, String host, String device, int threads, long samples, int rounds,
    double trainSeconds, double averageSeconds, double waitSeconds, long bytesSent) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("rank", rank);
    o.put("host", host);
    o.put("device", device);
    o.put("threads", threads);
    o.put("samples", samples);
    o.put("rounds", rounds);
    o.put("train_seconds", trainSeconds);
    o.put("average_seconds", averageSeconds);
    o.put("wait_seconds", waitSeconds);
    o.put("bytes_sent", bytesSent);
    return o.toString();
  }

  public static WorkerReport parse(String json) throws IOException {
    JsonNode n = JSON.readTree(json);
    return new WorkerReport(n.get("rank").asInt(), n.get("host").asText(), n.get("device").asText(),
        n.get("threads").asInt(), n.get("samples").asLong(), n.get("rounds").asInt(),
        n.get("train_seconds").asDouble(), n.get("average_seconds").asDouble(),
        n.has("wait_seconds") ? n.get("wait_seconds").asDouble() : Double.NaN, n.get("bytes_sent").asLong());
  }
}
