package org.neurospark.snn.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.neurospark.snn.io.DataFileException;
import org.neurospark.snn.io.SafeTensors;

/**
 * A complete training checkpoint: the model's state dict (PyTorch/SpikingJelly names, loadable by
 * {@code safetensors.torch.load_file} + {@code load_state_dict(strict=True)}), the optimizer's state and the loop's
 * {@link TrainerState} (position, sums, seed = RNG state). Three files with fixed names:
 * {@value #MODEL}, {@value #OPTIMIZER}, {@value #STATE}.
 *
 * <p>Two containers hold the same bytes per file: a local folder ({@link #write(Path)}, {@link #read(Path)}; what
 * {@code snn train} writes as {@code checkpoint_latest/}) and a single stream ({@link #write(OutputStream)},
 * {@link #read(InputStream)}) — a zip archive of the three files, stored uncompressed in that order — for any file
 * system whose client opens streams (HDFS, S3, an in-memory byte array).
 */
public final class TrainingCheckpoint {
  /** The model's weights and buffers. */
  public static final String MODEL = "model.safetensors";
  /** The optimizer's state. */
  public static final String OPTIMIZER = "optimizer.safetensors";
  /** The loop's state (JSON). */
  public static final String STATE = "trainer.json";

  private final byte[] model;
  private final byte[] optimizer;
  private final byte[] state;

  private TrainingCheckpoint(byte[] model, byte[] optimizer, byte[] state) {
    this.model = model;
    this.optimizer = optimizer;
    this.state = state;
  }

  /** A checkpoint of these states (serialised now: later changes to them are not seen). */
  public static TrainingCheckpoint of(SafeTensors model, SafeTensors optimizer, TrainerState state) {
    return new TrainingCheckpoint(model.toBytes(), optimizer.toBytes(), state.toJsonBytes());
  }

  /** The model state dict. */
  public SafeTensors model() throws IOException {
    return SafeTensors.read(model);
  }

  /** The optimizer state. */
  public SafeTensors optimizer() throws IOException {
    return SafeTensors.read(optimizer);
  }

  /** The loop state. */
  public TrainerState state() throws IOException {
    return TrainerState.fromJson(state, STATE);
  }

  /** The three files' bytes by name, in order ({@value #MODEL}, {@value #OPTIMIZER}, {@value #STATE}). */
  public Map<String, byte[]> files() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(MODEL, model.clone());
    m.put(OPTIMIZER, optimizer.clone());
    m.put(STATE, state.clone());
    return m;
  }

  /** Writes the stream form (a zip of the three files, uncompressed). The stream is not closed. */
  public void write(OutputStream out) throws IOException {
    ZipOutputStream z = new ZipOutputStream(out);
    for (Map.Entry<String, byte[]> f : files().entrySet()) {
      ZipEntry e = new ZipEntry(f.getKey());
      e.setMethod(ZipEntry.STORED);
      e.setSize(f.getValue().length);
      e.setCompressedSize(f.getValue().length);
      CRC32 crc = new CRC32();
      crc.update(f.getValue());
      e.setCrc(crc.getValue());
      e.setTime(0);
      z.putNextEntry(e);
      z.write(f.getValue());
      z.closeEntry();
    }
    z.finish();
    z.flush();
  }

  /** The stream form as bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** Reads the stream form; {@code source} names it in errors. The stream is read to its end, not closed. */
  public static TrainingCheckpoint read(InputStream in, String source) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    ZipInputStream z = new ZipInputStream(in);
    try {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        if (files.put(e.getName(), z.readAllBytes()) != null) {
          throw new DataFileException(source, -1, "checkpoint holds '" + e.getName() + "' twice");
        }
      }
    } catch (DataFileException e) {
      throw e;
    } catch (IOException e) {
      throw new DataFileException(source, -1, "not a complete checkpoint archive (zip of " + MODEL + ", "
          + OPTIMIZER + ", " + STATE + "): " + e.getMessage(), e);
    }
    return fromFiles(files, source);
  }

  /** {@link #read(InputStream, String)} naming the source "&lt;stream&gt;". */
  public static TrainingCheckpoint read(InputStream in) throws IOException {
    return read(in, "<stream>");
  }

  /** Reads the stream form from bytes. */
  public static TrainingCheckpoint read(byte[] bytes) throws IOException {
    return read(new ByteArrayInputStream(bytes), "<bytes>");
  }

  /**
   * Writes the folder form: the three files in {@code dir}, replacing it atomically (written to
   * {@code dir.tmp} first, then moved).
   */
  public void write(Path dir) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    deleteDir(tmp);
    Files.createDirectories(tmp);
    for (Map.Entry<String, byte[]> f : files().entrySet()) {
      Files.write(tmp.resolve(f.getKey()), f.getValue());
    }
    deleteDir(dir);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads the folder form. */
  public static TrainingCheckpoint read(Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String n : new String[] {MODEL, OPTIMIZER, STATE}) {
      Path f = dir.resolve(n);
      if (Files.isRegularFile(f)) {
        files.put(n, Files.readAllBytes(f));
      }
    }
    return fromFiles(files, dir.toString());
  }

  private static TrainingCheckpoint fromFiles(Map<String, byte[]> files, String source) throws IOException {
    for (String n : new String[] {MODEL, OPTIMIZER, STATE}) {
      if (!files.containsKey(n)) {
        throw new DataFileException(source, -1, "checkpoint has no " + n + " (has " + files.keySet() + ")");
      }
    }
    TrainingCheckpoint c = new TrainingCheckpoint(files.get(MODEL), files.get(OPTIMIZER), files.get(STATE));
    SafeTensors.read(c.model, source + "!" + MODEL);
    SafeTensors.read(c.optimizer, source + "!" + OPTIMIZER);
    TrainerState.fromJson(c.state, source + "!" + STATE);
    return c;
  }

  private static void deleteDir(Path d) throws IOException {
    if (!Files.exists(d)) {
      return;
    }
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingCheckpoint c && Arrays.equals(model, c.model)
        && Arrays.equals(optimizer, c.optimizer) && Arrays.equals(state, c.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(model), Arrays.hashCode(optimizer),
        Arrays.hashCode(state));
  }
}
