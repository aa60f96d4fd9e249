package org.neurospark.events.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCommandTest {
  @Test
  void parsesTheLastResultLineAndIgnoresOthers() {
    assertEquals(new PeerCommand.Timing(12, 0.5), PeerCommand.parse("WARNING: x\nevents=3 seconds=9\nevents=12 seconds=0.5\n"));
    assertEquals(new PeerCommand.Timing(0, 2.5e-3), PeerCommand.parse("events=0 seconds=2.5e-3"));
    assertNull(PeerCommand.parse("events=3\nseconds=1\n"));
    assertNull(PeerCommand.parse("events=3 seconds=0"));
  }

  @Test
  void substitutesTheQuotedFileAndFormat(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("it's a file.raw");
    Files.write(f, new byte[1000]);
    // the peer reports the file's size as events and the format id's length as seconds: both must arrive intact
    PeerCommand p = new PeerCommand("printf 'noise\\nevents=%s seconds=%s\\n' $(wc -c < {file}) $(printf %s {format} | wc -c)");
    assertEquals(new PeerCommand.Timing(1000, 4), p.run(f, "evt2"));
  }

  @Test
  void failuresNameTheCommandAndItsLastLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.raw");
    Files.write(f, new byte[4]);
    IOException e = assertThrows(IOException.class, () -> new PeerCommand("echo unsupported {format} >&2; exit 3 # {file}").run(f, "dat"));
    assertTrue(e.getMessage().contains("status 3") && e.getMessage().contains("unsupported dat"), e.getMessage());
    e = assertThrows(IOException.class, () -> new PeerCommand("echo decoded {file}").run(f, "dat"));
    assertTrue(e.getMessage().contains("no 'events=N seconds=S' line"), e.getMessage());
    e = assertThrows(IOException.class, () -> new PeerCommand("sleep 5; echo {file}", 1).run(f, "dat"));
    assertTrue(e.getMessage().contains("still running after 1 s"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PeerCommand("cat /dev/null"));
  }
}
