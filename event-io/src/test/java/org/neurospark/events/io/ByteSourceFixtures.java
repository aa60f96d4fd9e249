package org.neurospark.events.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurospark.events.EventBatch;
import org.neurospark.events.EventFormat;
import org.neurospark.events.EventReader;
import org.neurospark.events.RecordingInfo;
import org.neurospark.events.arrow.ArrowEventWriter;
import org.neurospark.events.format.aedat3.Aedat3Fixtures;
import org.neurospark.events.format.mat.MatFixtures;
import org.neurospark.events.format.numpy.NumpyEventWriter;
import org.neurospark.events.parquet.ParquetEventWriter;
import org.neurospark.events.testing.SharedData;

/**
 * One or more recordings of every {@link EventFormat}: the real fixtures under {@code shared/data/events}, and files
 * generated into a folder for the formats without one (AEDAT 3.1, ASL-DVS MAT, Arrow, Parquet, NPZ, NPY).
 */
final class ByteSourceFixtures {
  private ByteSourceFixtures() {}

  static List<Path> create(Path dir) throws IOException {
    List<Path> f = new ArrayList<>();
    f.add(SharedData.data("events/evt2/expelliarmus_evt2_sample_gen3_640x480.raw"));
    f.add(SharedData.data("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw"));
    f.add(SharedData.data("events/dat/ncars_obj_004397_td.dat"));
    f.add(SharedData.data("events/dat/ncars_obj_004397_td.reference.npy"));
    f.add(SharedData.data("events/aedat2/davis240c_IMU_translBoxes.aedat"));
    f.add(SharedData.data("events/aedat2/header_only_davis346red_tonic.aedat"));
    f.add(SharedData.data("events/aedat4/tonic_sample_dvxplorer_lz4.aedat4"));
    f.add(SharedData.data("events/mat/tonic_sample_stmnist.mat"));
    f.add(SharedData.data("events/nmnist/tonic_sample_nmnist.bin"));

    f.add(write(dir.resolve("mixed.aedat"), Aedat3Fixtures.mixed()));
    f.add(write(dir.resolve("asl_plain.mat"), MatFixtures.aslDvs(300, 7, false)));
    f.add(write(dir.resolve("asl_zlib.mat"), MatFixtures.aslDvs(300, 8, true)));

    EventBatch nmnist = Events.read(SharedData.data("events/nmnist/tonic_sample_nmnist.bin"));
    Path npzStored = dir.resolve("nmnist_stored.npz");
    NumpyEventWriter.writeNpz(npzStored, nmnist, false);
    f.add(npzStored);
    Path npzDeflated = dir.resolve("nmnist_deflated.npz");
    NumpyEventWriter.writeNpz(npzDeflated, nmnist, true);
    f.add(npzDeflated);
    Path npy = dir.resolve("nmnist.npy");
    try (NumpyEventWriter w = NumpyEventWriter.open(npy)) {
      w.write(nmnist);
    }
    f.add(npy);

    Path evt3 = SharedData.data("events/evt3/expelliarmus_evt3_sample_gen4_1280x720.raw");
    EventBatch ev = Events.read(evt3);
    RecordingInfo info = new RecordingInfo(evt3, EventFormat.EVT3, 1280, 720);
    Path arrow = dir.resolve("evt3.arrow");
    try (ArrowEventWriter w = new ArrowEventWriter(arrow, info)) {
      for (EventBatch b : Events.chunks(ev, 50_000)) {
        w.write(b);
      }
    }
    f.add(arrow);
    Path parquet = dir.resolve("evt3.parquet");
    try (ParquetEventWriter w = new ParquetEventWriter(parquet, info,
        org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD, 1 << 20)) {
      for (EventBatch b : Events.chunks(ev, 50_000)) {
        w.write(b);
      }
    }
    f.add(parquet);
    return f;
  }

  private static Path write(Path f, byte[] bytes) throws IOException {
    Files.write(f, bytes);
    return f;
  }

  /** Reading helpers. */
  static final class Events {
    private Events() {}

    static EventBatch read(Path f) throws IOException {
      EventBatch all = new EventBatch(1024);
      try (EventReader r = EventFiles.open(f)) {
        EventBatch b = new EventBatch();
        while (r.read(b)) {
          all.addAll(b);
        }
      }
      return all;
    }

    static List<EventBatch> chunks(EventBatch all, int size) {
      List<EventBatch> out = new ArrayList<>();
      for (int from = 0; from < all.size(); from += size) {
        int n = Math.min(size, all.size() - from);
        int to = from + n;
        out.add(EventBatch.wrap(Arrays.copyOfRange(all.t(), from, to), Arrays.copyOfRange(all.x(), from, to),
            Arrays.copyOfRange(all.y(), from, to), Arrays.copyOfRange(all.p(), from, to), n));
      }
      return out;
    }
  }
}
