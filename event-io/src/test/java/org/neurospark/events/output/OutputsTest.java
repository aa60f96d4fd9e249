package org.neurospark.events.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing outputs: {@link AtomicFile}, {@link StagedDirectory}, {@link OutputTargets}. */
class OutputsTest {
  @TempDir
  Path dir;

  private List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void atomicFileReplacesOnlyOnCommit() throws IOException {
    Path out = dir.resolve("out.parquet");
    Files.writeString(out, "previous");
    try (AtomicFile f = AtomicFile.create(out, "--out")) {
      assertEquals(dir, f.temp().getParent());
      Files.writeString(f.temp(), "half written");
      // no commit: a failure
    }
    assertEquals("previous", Files.readString(out));
    assertEquals(List.of("out.parquet"), names(dir), "the temporary file is removed");
    try (AtomicFile f = AtomicFile.create(out, "--out")) {
      Files.writeString(f.temp(), "new");
      f.commit();
      assertTrue(f.committed());
    }
    assertEquals("new", Files.readString(out));
    assertEquals(List.of("out.parquet"), names(dir));
  }

  @Test
  void atomicFileCreatesNothingWhenNothingWasWritten() throws IOException {
    Path out = dir.resolve("sub/out.arrow");
    try (AtomicFile f = AtomicFile.create(out, "--out")) {
      assertThrows(IOException.class, f::commit);
    }
    assertFalse(Files.exists(out));
  }

  @Test
  void refusesDirectoryFifoAndSymlinkLoop() throws Exception {
    Path d = Files.createDirectory(dir.resolve("adir"));
    Files.writeString(d.resolve("keep.txt"), "x");
    OutputRefusedException e = assertThrows(OutputRefusedException.class, () -> AtomicFile.create(d, "--out"));
    assertTrue(e.getMessage().contains("is a directory") && e.getMessage().contains(d.toString()), e.getMessage());
    assertTrue(Files.exists(d.resolve("keep.txt")));

    Path fifo = SpecialFiles.fifo(dir.resolve("pipe"));
    e = assertThrows(OutputRefusedException.class, () -> AtomicFile.create(fifo, "--out"));
    assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
    assertTrue(Files.exists(fifo));

    Path a = dir.resolve("loopA");
    Path b = dir.resolve("loopB");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    e = assertThrows(OutputRefusedException.class, () -> AtomicFile.create(a, "--out"));
    assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("does not resolve"),
        e.getMessage());

    Path dev = Path.of("/dev/null");
    if (Files.exists(dev)) {
      e = assertThrows(OutputRefusedException.class, () -> OutputTargets.requireReplaceableFile(dev, "--out"));
      assertTrue(e.getMessage().contains("character device"), e.getMessage());
    }
  }

  @Test
  void symlinkToRegularFileIsReplacedByTheNewFile() throws IOException {
    Path target = Files.writeString(dir.resolve("real.txt"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
    try (AtomicFile f = AtomicFile.create(link, "--out")) {
      Files.writeString(f.temp(), "new");
      f.commit();
    }
    assertEquals("new", Files.readString(link));
    assertFalse(Files.isSymbolicLink(link));
    assertEquals("old", Files.readString(target), "the link's old target is left alone");
  }

  @Test
  void stagedDirectoryMovesFilesInOnCommitAndKeepsUnrelatedFiles() throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.writeString(out.resolve("unrelated.txt"), "mine");
    Files.writeString(out.resolve("a.npz"), "old a");
    try (StagedDirectory s = StagedDirectory.create(out, "--out")) {
      assertEquals(dir, s.staging().getParent());
      assertTrue(s.staging().getFileName().toString().startsWith("."));
      Files.writeString(s.staging().resolve("a.npz"), "new a");
      Files.createDirectories(s.staging().resolve("3"));
      Files.writeString(s.staging().resolve("3/b.npz"), "b");
      assertEquals(out.resolve("3/b.npz"), s.finalPath(s.staging().resolve("3/b.npz")));
      List<Path> moved = s.commit();
      assertEquals(List.of(out.resolve("3/b.npz"), out.resolve("a.npz")), moved);
    }
    assertEquals("new a", Files.readString(out.resolve("a.npz")));
    assertEquals("b", Files.readString(out.resolve("3/b.npz")));
    assertEquals("mine", Files.readString(out.resolve("unrelated.txt")));
    assertEquals(List.of("out"), names(dir), "the staging folder is gone");
  }

  @Test
  void stagedDirectoryFailureLeavesTheFolderAsItWas() throws IOException {
    Path out = dir.resolve("new-out");
    try (StagedDirectory s = StagedDirectory.create(out, "--out")) {
      Files.writeString(s.staging().resolve("frame_000.png"), "partial");
      // failure: no commit
    }
    assertEquals(List.of(), names(dir), "neither the output folder nor the staging folder exists");
  }

  @Test
  void stagedDirectoryRefusesWhenATargetIsNotARegularFile() throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.createDirectory(out.resolve("frames.npy"));
    Files.writeString(out.resolve("a.txt"), "old");
    try (StagedDirectory s = StagedDirectory.create(out, "--out")) {
      Files.writeString(s.staging().resolve("a.txt"), "new");
      Files.writeString(s.staging().resolve("frames.npy"), "npy");
      OutputRefusedException e = assertThrows(OutputRefusedException.class, s::commit);
      assertTrue(e.getMessage().contains("frames.npy") && e.getMessage().contains("is a directory"),
          e.getMessage());
    }
    assertEquals("old", Files.readString(out.resolve("a.txt")), "nothing was moved");
    assertTrue(Files.isDirectory(out.resolve("frames.npy")));
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertThrows(OutputRefusedException.class, () -> StagedDirectory.create(file, "--out"));
  }
}
