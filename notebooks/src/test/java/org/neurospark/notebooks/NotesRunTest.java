package org.neurospark.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurospark.notebooks.runner.Note;

/**
 * Runs every note of {@code notebooks/} headless on {@code local[2]} through the command ({@link NotebooksCli}),
 * once for the class, and checks what Zeppelin would show: every paragraph finished with non-empty results, the
 * pictures are there, the rendered pages are pages a browser draws.
 */
class NotesRunTest {
  private static final Path NOTES = Path.of(System.getProperty("neurospark.notes.dir", "."));
  private static final Path OUT = Path.of(System.getProperty("neurospark.test.out", "target/notes-test"));
  private static List<Note> notes;
  private static int exit;
  private static String stdout;

  @BeforeAll
  static void runAllNotes() throws IOException {
    notes = Note.readAll(NOTES);
    System.setProperty("neurospark.notebook.dir", OUT.resolve("work").toAbsolutePath().toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    exit = NotebooksCli.run(new String[] {"run", "--master", "local[2]", "--out", OUT.toString(), "--json"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyParagraphOfEveryNoteFinishesWithOutput() throws IOException {
    assertTrue(notes.size() >= 2, "notes in " + NOTES.toAbsolutePath());
    List<String> problems = new ArrayList<>();
    for (Note n : notes) {
      JsonNode ran = new ObjectMapper().readTree(OUT.resolve(n.baseName() + ".zpln").toFile());
      for (JsonNode p : ran.get("paragraphs")) {
        String where = n.name() + " / " + p.path("title").asText(p.path("id").asText());
        if (!"FINISHED".equals(p.path("status").asText())) {
          problems.add(where + ": " + p.path("status").asText() + " " + p.path("results"));
          continue;
        }
        JsonNode msg = p.path("results").path("msg");
        if (msg.isEmpty()) {
          problems.add(where + ": no output");
        }
        for (JsonNode m : msg) {
          if (m.path("data").asText().isBlank()) {
            problems.add(where + ": empty " + m.path("type").asText() + " result");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertEquals(0, exit, stdout);
  }

  @Test
  void commandPrintsOneLinePerNoteAndTheJsonTotals() {
    String[] lines = stdout.strip().split("\n");
    assertEquals(notes.size() + 1, lines.length, stdout);
    int paragraphs = 0;
    for (int i = 0; i < notes.size(); i++) {
      int n = notes.get(i).paragraphs().size();
      paragraphs += n;
      assertEquals(notes.get(i).name() + ": " + n + "/" + n + " paragraphs finished", lines[i]);
    }
    assertEquals("{\"notes\": " + notes.size() + ", \"paragraphs\": " + paragraphs + ", \"finished\": " + paragraphs
        + "}", lines[lines.length - 1]);
  }

  @Test
  void pagesHoldTheNotesPicturesAndTables() throws IOException {
    for (Note n : notes) {
      String html = Files.readString(OUT.resolve(n.baseName() + ".html"));
      assertTrue(html.contains("<h1>" + n.name() + "</h1>"), n.name());
      assertTrue(html.contains("<table>"), n.name() + " shows a table");
      assertTrue(html.contains("data:image/png;base64,"), n.name() + " shows a picture");
      assertFalse(html.contains("class=\"status ERROR\""), n.name());
    }
    String explore = Files.readString(OUT.resolve("explore-a-recording.html"));
    assertTrue(explore.split("data:image/png;base64,", -1).length - 1 >= 4, "raster, scatter, histogram, grid");
    assertTrue(explore.contains("data:image/gif;base64,"), "the frames animation");
    // Zeppelin's multiBarChart display of the SQL paragraphs that ask for it
    String ingest = Files.readString(OUT.resolve("ingest-and-query.html"));
    assertTrue(ingest.split("<svg ", -1).length - 1 >= 2, "events per class and durations as bar charts");
    assertTrue(ingest.contains("<title>0/test events: "), "a bar per class and split");
  }

  /** A headless Chromium draws each page; the screenshot must not be blank. */
  @Test
  void chromiumRendersEveryPage() throws Exception {
    String chromium = chromium();
    Assumptions.assumeTrue(chromium != null,
        "SKIPPED: no chromium and not root to install it (apt-get install chromium)");
    for (Note n : notes) {
      Path page = OUT.resolve(n.baseName() + ".html").toAbsolutePath();
      Path png = OUT.resolve(n.baseName() + ".png").toAbsolutePath();
      Files.deleteIfExists(png);
      Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
          "--window-size=1000,6000", "--user-data-dir=" + OUT.resolve("chromium-profile").toAbsolutePath(),
          "--screenshot=" + png, page.toUri().toString())
          .redirectErrorStream(true).redirectOutput(OUT.resolve("chromium.log").toFile()).start();
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish for " + page);
      assertEquals(0, p.exitValue(), "chromium failed; see " + OUT.resolve("chromium.log"));
      BufferedImage img = ImageIO.read(png.toFile());
      assertEquals(1000, img.getWidth());
      // not blank: a good share of pixels differs from the page background, and the dark plots are drawn
      int bg = img.getRGB(2, img.getHeight() - 3);
      long differ = 0;
      long dark = 0;
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int rgb = img.getRGB(x, y);
          differ += rgb != bg ? 1 : 0;
          int lum = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
          dark += lum < 120 ? 1 : 0;
        }
      }
      long total = (long) ((img.getHeight() + 1) / 2) * ((img.getWidth() + 1) / 2);
      assertTrue(differ > total / 10, n.name() + ": only " + differ + " of " + total + " pixels drawn");
      assertTrue(dark > total / 50, n.name() + ": the plots are missing (" + dark + " dark pixels)");
    }
  }

  /** The Debian chromium; installed with apt-get when missing and this is root (as on CI). */
  private static String chromium() throws IOException, InterruptedException {
    for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (new File(c).canExecute()) {
        return c;
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return null;
    }
    Process p = new ProcessBuilder("bash", "-c",
        "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium")
        .redirectErrorStream(true).redirectOutput(OUT.resolve("apt-get.log").toFile()).start();
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return null;
    }
    return new File("/usr/bin/chromium").canExecute() ? "/usr/bin/chromium" : null;
  }
}
