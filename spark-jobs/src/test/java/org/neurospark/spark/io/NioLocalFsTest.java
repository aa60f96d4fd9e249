package org.neurospark.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.spark.testing.ProcessStarts;

/**
 * {@link NioLocalFs} against Hadoop's own {@code LocalFs}: the same operations (those Delta Lake's log store makes:
 * create with a permission, rename with and without overwrite, mkdir, status of files, links and missing paths) give
 * the same results and files, and only Hadoop's starts child processes (counted by JFR's {@code jdk.ProcessStart}).
 */
class NioLocalFsTest {
  @TempDir java.nio.file.Path dir;

  private static FileContext context(boolean nio) throws IOException {
    Configuration conf = new Configuration(false);
    if (nio) {
      conf.set(NioLocalFs.SETTING, NioLocalFs.class.getName());
    } else {
      conf.set(NioLocalFs.SETTING, "org.apache.hadoop.fs.local.LocalFs");
    }
    conf.set("fs.permissions.umask-mode", "022");
    return FileContext.getLocalFSFileContext(conf);
  }

  /** What a Delta commit does: temp file with a permission, rename into place without overwrite, then with. */
  private static List<String> commitLikeOperations(FileContext fc, java.nio.file.Path root) throws IOException {
    List<String> seen = new ArrayList<>();
    Path log = new Path(root.toUri().toString() + "/_delta_log");
    fc.mkdir(log, new FsPermission((short) 0750), true);
    Path tmp = new Path(log, ".0.json.tmp");
    try (OutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.perms(
        new FsPermission((short) 0640)), Options.CreateOpts.createParent())) {
      out.write("{\"commitInfo\":{}}\n".getBytes(StandardCharsets.UTF_8));
    }
    Path commit = new Path(log, "00000000000000000000.json");
    fc.rename(tmp, commit, Options.Rename.NONE);
    Path tmp2 = new Path(log, ".0b.json.tmp");
    try (OutputStream out = fc.create(tmp2, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{\"other\":{}}\n".getBytes(StandardCharsets.UTF_8));
    }
    seen.add(exception(() -> fc.rename(tmp2, commit, Options.Rename.NONE)));
    fc.rename(tmp2, new Path(log, "00000000000000000000.crc"), Options.Rename.OVERWRITE);
    seen.add(exception(() -> fc.getFileLinkStatus(new Path(log, "missing.json"))));
    FileStatus st = fc.getFileLinkStatus(commit);
    seen.add("len=" + st.getLen() + " dir=" + st.isDirectory() + " link=" + st.isSymlink());
    seen.add("dir=" + fc.getFileLinkStatus(log).isDirectory());
    for (java.nio.file.Path p : List.of(root.resolve("_delta_log"), root.resolve("_delta_log/00000000000000000000"
        + ".json"))) {
      seen.add(p.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }
    try (var files = Files.list(root.resolve("_delta_log"))) {
      files.map(p -> p.getFileName().toString()).sorted().forEach(seen::add);
    }
    return seen;
  }

  private interface Op {
    void run() throws IOException;
  }

  private static String exception(Op op) {
    try {
      op.run();
      return "no exception";
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    }
  }

  @Test
  void sameResultsAsHadoopsLocalFs() throws IOException {
    java.nio.file.Path a = Files.createDirectories(dir.resolve("hadoop"));
    java.nio.file.Path b = Files.createDirectories(dir.resolve("nio"));
    List<String> hadoop = commitLikeOperations(context(false), a);
    List<String> nio = commitLikeOperations(context(true), b);
    assertEquals(hadoop, nio);
    assertTrue(nio.contains(FileAlreadyExistsException.class.getSimpleName()), nio.toString());
    assertTrue(nio.contains(FileNotFoundException.class.getSimpleName()), nio.toString());
    assertTrue(nio.contains("_delta_log rwxr-x---"), nio.toString());
    assertTrue(nio.contains("00000000000000000000.json rw-r-----"), nio.toString());
    assertArrayEquals(Files.readAllBytes(a.resolve("_delta_log/00000000000000000000.json")),
        Files.readAllBytes(b.resolve("_delta_log/00000000000000000000.json")));
  }

  @Test
  void symbolicLinksAsHadoopReportsThem() throws IOException {
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "abc");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
    Path p = new Path(link.toUri().toString());
    FileStatus hadoop = context(false).getFileLinkStatus(p);
    FileStatus nio = context(true).getFileLinkStatus(p);
    assertEquals(hadoop.isSymlink(), nio.isSymlink());
    assertEquals(hadoop.getLen(), nio.getLen());
    assertEquals(hadoop.isDirectory(), nio.isDirectory());
  }

  @Test
  void permissionsOfEveryClass() throws IOException {
    java.nio.file.Path f = Files.writeString(dir.resolve("f"), "x");
    NioRawLocalFileSystem fs = new NioRawLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration(false));
    for (int mode : new int[] {0, 0400, 0644, 0755, 0777, 0123, 0561}) {
      fs.setPermission(new Path(f.toUri()), new FsPermission((short) mode));
      assertEquals(new FsPermission((short) mode).toString(),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "mode " + Integer.toOctalString(mode));
    }
    assertThrows(FileNotFoundException.class, () -> fs.setPermission(new Path(dir.resolve("none").toUri()),
        new FsPermission((short) 0644)));
  }

  @Test
  void startsNoChildProcessWhereHadoopDoes() throws Exception {
    java.nio.file.Path a = Files.createDirectories(dir.resolve("hadoop"));
    java.nio.file.Path b = Files.createDirectories(dir.resolve("nio"));
    assertFalse(ProcessStarts.during(() -> commitLikeOperations(context(false), a)).isEmpty(),
        "Hadoop's LocalFs starts chmod/readlink here (without the native library): the probe sees them");
    assertEquals(List.of(), ProcessStarts.during(() -> commitLikeOperations(context(true), b)));
  }


}
