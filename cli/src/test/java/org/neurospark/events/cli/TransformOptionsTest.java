package org.neurospark.events.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurospark.events.testing.SharedData;
import picocli.CommandLine;

/** The shared --transform/--seed/--width/--height/--sensor flags of info and slice. */
class TransformOptionsTest {
  static final Path TONIC = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");

  @Test
  void sensorAndWidthHeightAreTheSame() {
    CliRun a = CliRun.run("info", TONIC.toString(), "--json", "--transform", "fliplr(1)", "--sensor", "34x34");
    CliRun b = CliRun.run("info", TONIC.toString(), "--json", "--transform", "fliplr(1)", "--width", "34",
        "--height", "34");
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    CliRun wider = CliRun.run("info", TONIC.toString(), "--json", "--transform", "fliplr(1)", "--sensor", "40x34");
    assertNotEquals(a.out(), wider.out());
    CliRun both = CliRun.run("info", TONIC.toString(), "--transform", "fliplr(1)", "--sensor", "34x34", "--width",
        "34");
    assertEquals(1, both.code());
    assertTrue(both.err().contains("give --sensor WxH or --width/--height, not both"), both.err());
  }

  @Test
  void infoAndSliceTakeTheSameFlags() {
    for (String cmd : new String[] {"info", "slice"}) {
      CommandLine cl = EventsCli.commandLine().getSubcommands().get(cmd);
      for (String flag : new String[] {"--transform", "--seed", "--width", "--height", "--sensor"}) {
        assertTrue(cl.getCommandSpec().findOption(flag) != null, cmd + " lacks " + flag);
      }
    }
  }
}
