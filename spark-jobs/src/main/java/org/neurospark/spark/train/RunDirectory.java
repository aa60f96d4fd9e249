package org.neurospark.spark.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.neurospark.snn.io.SafeTensors;
import org.neurospark.snn.train.TrainerState;
import org.neurospark.snn.train.TrainingCheckpoint;

/**
 * The run folder {@code RUN/} of {@code spark train}, on any Hadoop file system, written through
 * {@link FileSystem} streams:
 * <ul>
 *   <li>{@code args.json}: the options that must match on {@code --resume};</li>
 *   <li>{@code checkpoints/round-NNNNNN/}: the state after round N — {@code model.safetensors} (SpikingJelly
 *   names), {@code optimizer.safetensors}, {@code trainer.json} ({@link TrainingCheckpoint}'s files); the last two
 *   committed rounds are kept;</li>
 *   <li>{@code rounds.jsonl}: one {@link RoundRecord} per committed round, in round order;</li>
 *   <li>{@code model.safetensors}, {@code optimizer.safetensors}, {@code trainer.json}: copies of the latest
 *   committed round's files.</li>
 * </ul>
 *
 * <p><b>Commit protocol</b> ({@link #commit}): the checkpoint is written into a temporary folder and renamed to
 * {@code checkpoints/round-N} (a folder rename, atomic on HDFS and local disks); then the new {@code rounds.jsonl}
 * (old lines + this round's) is written to {@code rounds.jsonl.next}, the old file deleted and {@code .next}
 * renamed over it (the first commit writes an empty {@code rounds.jsonl} first, so {@code .next} is never alone
 * unless complete). The round is committed once its line is in {@code rounds.jsonl}; a crash between the delete and
 * the rename leaves a complete {@code .next}, which {@link #rounds()} then reads and {@link #discardUncommitted}
 * renames into place. Checkpoint folders of rounds after
 * the last committed one are leftovers of a failed attempt and are removed by {@link #discardUncommitted}.
 *
 * <p>A fence file {@code attempt} names the stage attempt the driver started last ({@link #fence}); commits of other
 * attempts are refused, so a straggling task of a failed stage cannot commit over its successor.
 *
 * <p>Serializable (the Hadoop configuration travels as its key/value pairs), so executors open it too. One writer at a
 * time (the driver, or rank 0 of the training stage).
 */
public final class RunDirectory implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ARGS = "args.json";
  public static final String ROUNDS = "rounds.jsonl";
  /** The fence: the attempt number of the training stage allowed to commit. */
  public static final String FENCE = "attempt";
  private static final String NEXT = "rounds.jsonl.next";
  private static final String CHECKPOINTS = "checkpoints";

  private final String root;
  private final Map<String, String> conf;
  private transient FileSystem fs;

  /** The run folder at {@code root} with the file-system settings of {@code conf}. */
  public RunDirectory(String root, Configuration conf) {
    this.root = root;
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      m.put(e.getKey(), e.getValue());
    }
    this.conf = m;
  }

  /** The folder, as given. */
  public String root() {
    return root;
  }

  private Configuration configuration() {
    Configuration c = new Configuration(false);
    conf.forEach(c::set);
    return c;
  }

  private FileSystem fs() throws IOException {
    if (fs == null) {
      fs = new Path(root).getFileSystem(configuration());
    }
    return fs;
  }

  /** {@code root/child}. */
  public Path path(String child) {
    return new Path(root, child);
  }

  /** The folder of round {@code r}'s checkpoint. */
  public Path checkpointDir(int r) {
    return new Path(path(CHECKPOINTS), String.format("round-%06d", r));
  }

  public boolean exists(String child) throws IOException {
    return fs().exists(path(child));
  }

  /** Reads a file of the run folder. */
  public byte[] read(String child) throws IOException {
    return readFile(path(child));
  }

  private byte[] readFile(Path p) throws IOException {
    try (InputStream in = fs().open(p)) {
      return in.readAllBytes();
    }
  }

  /** Writes a file of the run folder: to a temporary name first, then renamed over the old one. */
  public void write(String child, byte[] bytes) throws IOException {
    replace(path(child), bytes);
  }

  private void replace(Path target, byte[] bytes) throws IOException {
    FileSystem f = fs();
    f.mkdirs(target.getParent());
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream o = f.create(tmp, true)) {
      o.write(bytes);
    }
    f.delete(target, false);
    if (!f.rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
  }

  /** The committed rounds, in order (empty for a new run). */
  public List<RoundRecord> rounds() throws IOException {
    FileSystem f = fs();
    Path file = path(ROUNDS);
    if (!f.exists(file)) {
      file = path(NEXT);
      if (!f.exists(file)) {
        return List.of();
      }
    }
    String text = new String(readFile(file), StandardCharsets.UTF_8);
    List<RoundRecord> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      RoundRecord r = RoundRecord.parse(lines[i], file + " line " + (i + 1));
      if (r.round() != out.size()) {
        throw new IOException(file + " line " + (i + 1) + ": round " + r.round() + " where round " + out.size()
            + " was expected");
      }
      out.add(r);
    }
    return out;
  }

  /**
   * Removes checkpoint folders of rounds after {@code lastCommitted} (a failed attempt's) and temporary files. A
   * commit that stopped between deleting {@code rounds.jsonl} and renaming its complete successor
   * {@code rounds.jsonl.next} (the file {@link #rounds()} then read) is finished instead: {@code .next} becomes
   * {@code rounds.jsonl}.
   */
  public void discardUncommitted(int lastCommitted) throws IOException {
    FileSystem f = fs();
    Path dir = path(CHECKPOINTS);
    if (f.exists(dir)) {
      for (FileStatus s : f.listStatus(dir)) {
        String n = s.getPath().getName();
        if (n.startsWith(".") || n.startsWith("round-") && Integer.parseInt(n.substring(6)) > lastCommitted) {
          f.delete(s.getPath(), true);
        }
      }
    }
    Path next = path(NEXT);
    if (!f.exists(path(ROUNDS)) && f.exists(next)) {
      if (!f.rename(next, path(ROUNDS))) {
        throw new IOException("could not rename " + next + " to " + path(ROUNDS));
      }
    } else {
      f.delete(next, false);
    }
  }

  /**
   * Sets the fence before the driver starts a training stage: only commits of {@code attempt} are accepted from now
   * on, so a task of a failed earlier stage that is still finishing cannot commit over the new stage's rounds.
   */
  public void fence(int attempt) throws IOException {
    write(FENCE, Integer.toString(attempt).getBytes(StandardCharsets.UTF_8));
  }

  /** The attempt number in the fence: the training stage a driver started last (-1 when none was started). */
  public int fencedAttempt() throws IOException {
    return fenced();
  }

  private int fenced() throws IOException {
    if (!exists(FENCE)) {
      return -1;
    }
    String s = new String(read(FENCE), StandardCharsets.UTF_8).trim();
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IOException(path(FENCE) + ": not an attempt number: '" + s + "'");
    }
  }

  /** Reads round {@code r}'s checkpoint. */
  public TrainingCheckpoint checkpoint(int r) throws IOException {
    Path dir = checkpointDir(r);
    Path model = new Path(dir, TrainingCheckpoint.MODEL);
    Path opt = new Path(dir, TrainingCheckpoint.OPTIMIZER);
    Path state = new Path(dir, TrainingCheckpoint.STATE);
    return TrainingCheckpoint.of(SafeTensors.read(readFile(model), model.toString()),
        SafeTensors.read(readFile(opt), opt.toString()), TrainerState.fromJson(readFile(state), state.toString()));
  }

  /**
   * Commits a round: its checkpoint, then its line in {@code rounds.jsonl} (the commit point), then the copies of
   * the latest files; older checkpoints but the previous one are removed.
   *
   * @throws IOException when the round is not the one after the last committed round
   */
  public void commit(RoundRecord record, TrainingCheckpoint ck) throws IOException {
    FileSystem f = fs();
    List<RoundRecord> done = rounds();
    if (record.round() != done.size()) {
      throw new IOException(root + ": committing round " + record.round() + " but " + done.size()
          + " rounds are committed");
    }
    Path tmp = new Path(path(CHECKPOINTS), ".round-" + record.round() + "-" + UUID.randomUUID());
    f.mkdirs(tmp);
    Map<String, byte[]> files = ck.files();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      try (OutputStream o = f.create(new Path(tmp, e.getKey()), true)) {
        o.write(e.getValue());
      }
    }
    Path dir = checkpointDir(record.round());
    f.delete(dir, true);
    if (!f.rename(tmp, dir)) {
      throw new IOException("could not rename " + tmp + " to " + dir);
    }
    StringBuilder sb = new StringBuilder();
    for (RoundRecord r : done) {
      sb.append(r.toJson()).append('\n');
    }
    sb.append(record.toJson()).append('\n');
    int fence = fenced();
    if (fence != record.attempt()) {
      f.delete(dir, true);
      throw new IOException(root + ": attempt " + record.attempt() + " may not commit round " + record.round()
          + ": the driver has started attempt " + fence);
    }
    if (!f.exists(path(ROUNDS))) {
      // the first commit: an empty rounds.jsonl first, so that a .next cut short by a crash is never read
      try (OutputStream o = f.create(path(ROUNDS), true)) {
        o.flush();
      }
    }
    Path next = path(NEXT);
    try (OutputStream o = f.create(next, true)) {
      o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    f.delete(path(ROUNDS), false);
    if (!f.rename(next, path(ROUNDS))) {
      throw new IOException("could not rename " + next + " to " + path(ROUNDS));
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      write(e.getKey(), e.getValue());
    }
    if (record.round() >= 2) {
      f.delete(checkpointDir(record.round() - 2), true);
    }
  }
}
