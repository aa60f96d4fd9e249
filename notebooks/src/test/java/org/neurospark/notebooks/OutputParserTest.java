package org.neurospark.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurospark.notebooks.runner.Note;
import org.neurospark.notebooks.runner.OutputParser;
import org.neurospark.notebooks.runner.ParagraphOutput;
import org.neurospark.notebooks.runner.ResultType;

class OutputParserTest {
  @Test
  void splitsOutputAtDisplayDirectivesAsZeppelinDoes() {
    List<ParagraphOutput> r = OutputParser.parse("hello\n%table a\tb\n1\t2\n\n%text after\n%html <b>x</b>\n");
    assertEquals(List.of(new ParagraphOutput(ResultType.TEXT, "hello"),
        new ParagraphOutput(ResultType.TABLE, "a\tb\n1\t2"),
        new ParagraphOutput(ResultType.TEXT, "after"),
        new ParagraphOutput(ResultType.HTML, "<b>x</b>")), r);
  }

  @Test
  void aDirectiveInsideALineIsText() {
    assertEquals(List.of(new ParagraphOutput(ResultType.TEXT, "100%table of 3 %html")),
        OutputParser.parse("100%table of 3 %html\n"));
    assertTrue(OutputParser.parse("  \n%text \n").isEmpty());
  }

  @Test
  void readsDirectivesAndDefaultInterpreter(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("n.zpln");
    Files.writeString(f, "{\"name\":\"N\",\"id\":\"X\",\"defaultInterpreterGroup\":\"spark\",\"paragraphs\":["
        + "{\"id\":\"a\",\"text\":\"%spark.sql\\nselect 1\"},{\"id\":\"b\",\"text\":\"val x = 1\"},"
        + "{\"id\":\"c\",\"text\":\"%md # T\"}]}");
    Note n = Note.read(f);
    assertEquals("spark.sql", n.paragraphs().get(0).interpreter());
    assertEquals("select 1", n.paragraphs().get(0).body());
    assertEquals("spark", n.paragraphs().get(1).interpreter());
    assertEquals("val x = 1", n.paragraphs().get(1).body());
    assertEquals("md", n.paragraphs().get(2).interpreter());
    assertEquals("# T", n.paragraphs().get(2).body());
  }

  @Test
  void aFileThatIsNoNoteIsRefusedByName(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.zpln");
    Files.writeString(f, "{\"name\": \"x\"}");
    IOException e = assertThrows(IOException.class, () -> Note.read(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("paragraphs"), e.getMessage());
  }
}
