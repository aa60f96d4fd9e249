package org.neurospark.spark.tables;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An exclusive lock on a tables folder ({@code TABLES/_neurospark.lock}) so two jobs never write the same tables at
 * once. The lock file is created with create-if-absent semantics (atomic on local file systems and HDFS) and holds
 * its owner: {@code host}, {@code pid}, {@code job}, {@code run} and {@code started} (ISO-8601 UTC).
 *
 * <p>A lock whose owner ran on this host and whose process no longer exists is stale (a killed run) and is taken
 * over. A lock held by a live process, or by another host, is refused with {@link TablesLockedException} naming
 * the owner; delete the file by hand only when that owner is known to be dead. Release with {@link #close()}.
 */
public final class TablesLock implements AutoCloseable {
  /** Name of the lock file inside the tables folder. */
  public static final String FILE_NAME = "_neurospark.lock";

  private final FileSystem fs;
  private final Path file;
  private final String run;
  private boolean released;

  private TablesLock(FileSystem fs, Path file, String run) {
    this.fs = fs;
    this.file = file;
    this.run = run;
  }

  /**
   * Takes the lock on {@code tables} for job {@code job} and run id {@code run}.
   *
   * @throws TablesLockedException when a live run (or a run on another host) holds it
   */
  public static TablesLock acquire(String tables, Configuration conf, String job, String run) throws IOException {
    Path dir = new Path(tables);
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
    Path file = new Path(dir, FILE_NAME);
    String host = InetAddress.getLocalHost().getHostName();
    long pid = ProcessHandle.current().pid();
    String content = "host=" + host + "\npid=" + pid + "\njob=" + job + "\nrun=" + run + "\nstarted="
        + Instant.now() + "\n";
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream out = fs.create(file, false)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        return new TablesLock(fs, file, run);
      } catch (FileAlreadyExistsException e) {
        Map<String, String> owner = read(fs, file);
        if (owner == null) {
          continue; // released between create and read
        }
        boolean sameHost = host.equals(owner.get("host"));
        long ownerPid = parsePid(owner.get("pid"));
        boolean alive = ownerPid > 0 && ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
        if (sameHost && !alive && ownerPid != pid) {
          fs.delete(file, false); // stale: its process is gone; take over
          continue;
        }
        throw new TablesLockedException(file + " is held by " + owner.get("job") + " run " + owner.get("run")
            + " (host " + owner.get("host") + ", pid " + owner.get("pid") + ", started " + owner.get("started")
            + "): another run is writing these tables. Wait for it to finish"
            + (sameHost ? "" : ", or delete the lock file if that run is known to be dead") + ".");
      }
    }
    throw new TablesLockedException("could not take " + file + ": it keeps reappearing (another run starting?)");
  }

  private static long parsePid(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> read(FileSystem fs, Path file) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (InputStream in = fs.open(file)) {
      in.transferTo(buf);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  /** The run id this lock was taken for. */
  public String run() {
    return run;
  }

  /** Removes the lock file (once). */
  @Override
  public void close() throws IOException {
    if (!released) {
      released = true;
      fs.delete(file, false);
    }
  }
}
