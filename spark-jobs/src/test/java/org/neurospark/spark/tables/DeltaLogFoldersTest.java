package org.neurospark.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.spark.testing.ProcessStarts;

class DeltaLogFoldersTest {
  @Test
  void createsTheLogFoldersWithHadoopsPermissionsAndNoProcess(@TempDir Path tmp) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.permissions.umask-mode", "027");
    Path table = tmp.resolve("tables/events");
    // Hadoop's Shell class starts "setsid bash -c echo $$" once per JVM when first loaded: not measured
    DeltaLogFolders.create(conf, tmp.resolve("warm-up").toString());
    assertEquals(List.of(), ProcessStarts.during(() -> DeltaLogFolders.create(conf, table.toString())));
    for (Path p : List.of(tmp.resolve("tables"), table, table.resolve("_delta_log"),
        table.resolve("_delta_log/_staged_commits"))) {
      assertTrue(Files.isDirectory(p), p.toString());
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
    }
    // present: nothing changes
    Files.setPosixFilePermissions(table.resolve("_delta_log"), PosixFilePermissions.fromString("rwx------"));
    DeltaLogFolders.create(conf, "file://" + table);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        table.resolve("_delta_log"))));
  }
}
