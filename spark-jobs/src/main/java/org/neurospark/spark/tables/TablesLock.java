package org.neurospark.spark.tables;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An exclusive lock on a tables folder ({@code TABLES/_neurospark.lock}) so two jobs never write the same tables at
 * once. The lock file is created only if absent, atomically, and holds its owner: {@code host}, {@code pid},
 * {@code job}, {@code run} and {@code started} (ISO-8601 UTC). On a local folder ({@code file:} or a plain path) the
 * file is created with {@code java.nio}'s {@code CREATE_NEW} ({@code O_EXCL}; Hadoop's local file system checks for
 * the file and then creates it, which two processes can both pass, and starts {@code chmod} processes); elsewhere
 * with the Hadoop file system's {@code create(path, false)} (atomic on HDFS).
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
  /** The lock file when the folder is local, else null. */
  private final java.nio.file.Path local;
  private final String run;
  private boolean released;

  private TablesLock(FileSystem fs, Path file, java.nio.file.Path local, String run) {
    this.fs = fs;
    this.file = file;
    this.local = local;
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
    Path file = new Path(dir, FILE_NAME);
    java.nio.file.Path local = "file".equals(fs.getUri().getScheme())
        ? java.nio.file.Paths.get(fs.makeQualified(file).toUri()) : null;
    if (local != null) {
      Files.createDirectories(local.getParent());
    } else {
      fs.mkdirs(dir);
    }
    String host = InetAddress.getLocalHost().getHostName();
    long pid = ProcessHandle.current().pid();
    String content = "host=" + host + "\npid=" + pid + "\njob=" + job + "\nrun=" + run + "\nstarted="
        + Instant.now() + "\n";
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream out = local != null
          ? Files.newOutputStream(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
          : fs.create(file, false)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        return new TablesLock(fs, file, local, run);
      } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
        Map<String, String> owner = read(fs, file, local);
        if (owner == null) {
          continue; // released between create and read
        }
        boolean sameHost = host.equals(owner.get("host"));
        long ownerPid = parsePid(owner.get("pid"));
        boolean alive = ownerPid > 0 && ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
        if (sameHost && !alive && ownerPid != pid) {
          delete(fs, file, local); // stale: its process is gone; take over
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

  /** The owner's fields, or null when the file is gone. */
  private static Map<String, String> read(FileSystem fs, Path file, java.nio.file.Path local) throws IOException {
    byte[] bytes;
    if (local != null) {
      try {
        bytes = Files.readAllBytes(local);
      } catch (NoSuchFileException e) {
        return null;
      }
    } else {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (InputStream in = fs.open(file)) {
        in.transferTo(buf);
      } catch (java.io.FileNotFoundException e) {
        return null;
      }
      bytes = buf.toByteArray();
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
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
      delete(fs, file, local);
    }
  }

  /**
   * Deletes the lock file; a local one with the checksum file Hadoop's local file system wrote beside it when an
   * older version created the lock through it.
   */
  private static void delete(FileSystem fs, Path file, java.nio.file.Path local) throws IOException {
    if (local != null) {
      Files.deleteIfExists(local);
      Files.deleteIfExists(local.resolveSibling("." + FILE_NAME + ".crc"));
    } else {
      fs.delete(file, false);
    }
  }
}
