package org.neurospark.snn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurospark.snn.testing.SnnShared;

/** The csnn_small golden network (conv–BN–LIF–pool–linear–LIF, one training step) passes. */
class NetworkCaseTest {
  @Test
  void csnnSmallMatchesSpikingJelly() throws IOException {
    ConformanceRunner runner = new ConformanceRunner(SnnShared.spikingjelly(), new NpyArrayReader());
    int networks = 0;
    for (ConformanceCase c : ConformanceIndex.load(SnnShared.spikingjelly()).cases()) {
      if (c.kind().equals("network")) {
        CaseResult r = runner.run(c);
        System.out.println(r.name() + " " + r.passed() + " " + r.detail());
        assertTrue(r.passed(), r.name() + ": " + r.detail());
        networks++;
      }
    }
    assertEquals(1, networks);
  }
}
