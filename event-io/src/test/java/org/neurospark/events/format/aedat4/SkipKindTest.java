package org.neurospark.events.format.aedat4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** AEDAT 4 skipped() keys follow the readers' lowercase snake_case style and say that they count packets. */
class SkipKindTest {
  private static String kind(int id, String type) {
    return Aedat4Reader.skipKind(new StreamInfo(id, type, 0, 0, "", 0));
  }

  @Test
  void keys() {
    assertEquals("imu_packets", kind(2, "IMUS"));
    assertEquals("trigger_packets", kind(3, "TRIG"));
    assertEquals("frame_packets", kind(1, "FRME"));
    assertEquals("events_stream_7_packets", kind(7, "EVTS"));
    assertEquals("spkd_packets", kind(4, "SPKD"));
    assertEquals("a_b_packets", kind(4, "A-b"));
  }
}
