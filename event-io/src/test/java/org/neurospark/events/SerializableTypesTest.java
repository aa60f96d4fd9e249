package org.neurospark.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurospark.events.dataset.Sample;
import org.neurospark.events.dataset.Split;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.EventFiles;
import org.neurospark.events.testing.SharedData;

/** What a Spark task receives or throws survives Java serialization, with no {@link Path} inside. */
class SerializableTypesTest {
  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T o) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void optionsInfoAndSamplesRoundTrip() throws Exception {
    ReadOptions o = ReadOptions.jaer(ReadOptions.Aedat2Layout.DVS128).withRebaseTime(true);
    assertEquals(o, roundTrip(o));

    Path f = SharedData.data("events/nmnist/tonic_sample_nmnist.bin");
    try (EventReader r = EventFiles.open(f)) {
      assertEquals(r.info(), roundTrip(r.info()));
      assertEquals(f.toString(), r.info().source());
    }

    Sample local = new Sample(f, 3, "three", Split.TRAIN, -1, -1, "tonic_sample_nmnist");
    assertTrue(local.location().startsWith("file:/"), local.location());
    Sample back = roundTrip(local);
    assertEquals(local, back);
    assertEquals(f.toAbsolutePath(), back.file());
    assertTrue(back.isLocal());
    assertEquals(local.withSplit(Split.TEST).location(), local.location());

    Sample remote = new Sample("hdfs://nn:8020/data/a b.bin", 1, "one", Split.NONE, 0, 10, "a_0");
    assertEquals(remote, roundTrip(remote));
    assertFalse(remote.isLocal());
    assertThrows(IllegalStateException.class, remote::file);
    assertEquals(Path.of("rel/x.bin"), new Sample("rel/x.bin", 0, "c", Split.NONE, -1, -1, "x").file());
  }

  @Test
  void eventFileExceptionKeepsSourceAndOffset() throws Exception {
    byte[] cut = {1, 2, 3, 4, 5, 6, 7}; // ATIS: one record and two stray bytes
    EventFileException e = assertThrows(EventFileException.class, () -> {
      try (EventReader r = EventFiles.open(ByteSource.wrap("s3a://bucket/rec.bin", cut))) {
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          assertEquals(1, b.size());
        }
      }
    });
    assertEquals("s3a://bucket/rec.bin", e.source());
    assertEquals(5, e.offset());
    assertTrue(e.getMessage().startsWith("s3a://bucket/rec.bin @ byte 5: "), e.getMessage());
    EventFileException back = roundTrip(e);
    assertEquals(e.source(), back.source());
    assertEquals(e.offset(), back.offset());
    assertEquals(e.getMessage(), back.getMessage());
  }
}
