package org.neurospark.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The device a barrier task records from the resources Spark assigned it. */
class RingTrainTaskTest {
  @Test
  void aTaskAssignedGpusRecordsTheirAddressesOthersTheCpu() {
    assertEquals("gpu:0", RingTrainTask.device(Map.of("gpu", new ResourceInformation("gpu", new String[] {"0"}))));
    assertEquals("gpu:1,3", RingTrainTask.device(Map.of("gpu", new ResourceInformation("gpu",
        new String[] {"1", "3"}))));
    assertEquals("cpu", RingTrainTask.device(Map.of()));
    assertEquals("cpu", RingTrainTask.device(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))));
    assertEquals("cpu", RingTrainTask.device(null));
  }
}
