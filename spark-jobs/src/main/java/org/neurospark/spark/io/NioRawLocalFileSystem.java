package org.neurospark.spark.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's {@link RawLocalFileSystem} with the two calls that start a child process done in-process with
 * {@code java.nio} instead. Without Hadoop's native library (the usual case: Spark ships none), Hadoop runs
 * {@code chmod} for every {@link #setPermission} (so for every file or directory it creates with a permission) and
 * {@code readlink} for every {@link #getFileLinkStatus} (every rename checks its source and destination that way).
 * A Delta commit on a local table starts about 20 such processes, and on a busy 2-core machine they took most of the
 * commit's time.
 *
 * <p>Results are Hadoop's: a permission is set on the file a path names (following links, as {@code chmod} does);
 * a path that is not a symbolic link gets {@link #getFileStatus}, as Hadoop gives it when {@code readlink} prints
 * nothing; a missing path throws {@link FileNotFoundException}. Rare cases are left to Hadoop's own code: symbolic
 * links, the sticky bit, file systems without POSIX permissions.
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (permission.getStickyBit()) {
      super.setPermission(p, permission);
      return;
    }
    java.nio.file.Path file = pathToFile(p).toPath();
    try {
      Files.setPosixFilePermissions(file, posix(permission));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + p + " does not exist");
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission);
    }
  }

  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(pathToFile(f).toPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return getFileStatus(f); // throws FileNotFoundException, with Hadoop's message
    }
    return a.isSymbolicLink() ? super.getFileLinkStatus(f) : getFileStatus(f);
  }

  /** The owner, group and other bits of {@code p} as {@code java.nio} permissions. */
  static Set<PosixFilePermission> posix(FsPermission p) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    add(s, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(s, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(s, p.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return s;
  }

  private static void add(Set<PosixFilePermission> s, FsAction a, PosixFilePermission r, PosixFilePermission w,
      PosixFilePermission x) {
    if (a.implies(FsAction.READ)) {
      s.add(r);
    }
    if (a.implies(FsAction.WRITE)) {
      s.add(w);
    }
    if (a.implies(FsAction.EXECUTE)) {
      s.add(x);
    }
  }
}
