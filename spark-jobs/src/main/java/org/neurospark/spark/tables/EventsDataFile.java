package org.neurospark.spark.tables;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * A finished data file of the {@code events} table, as an executor reports it to the driver for the Delta commit.
 *
 * @param path the file relative to the table root, URI-encoded as Delta's {@code add.path} wants it
 *     ({@code split=train/label=3/part-....parquet})
 * @param split partition value of {@code split}
 * @param label partition value of {@code label}
 * @param sizeBytes file size in bytes
 * @param modificationTime the file's modification time, ms since the epoch
 * @param numRecords events in the file
 * @param minSampleId smallest {@code sample_id} in the file
 * @param maxSampleId largest {@code sample_id} in the file
 */
public record EventsDataFile(String path, String split, int label, long sizeBytes, long modificationTime,
    long numRecords, String minSampleId, String maxSampleId) implements Serializable {

  /** Delta's per-file statistics JSON: {@code numRecords} and min/max/null count of {@code sample_id}. */
  public String statsJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("numRecords", numRecords);
    o.putObject("minValues").put("sample_id", minSampleId);
    o.putObject("maxValues").put("sample_id", maxSampleId);
    o.putObject("nullCount").put("sample_id", 0);
    return o.toString();
  }
}
