package org.neurospark.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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

  /**
   * The training note ran {@code spark train} on a 2-worker ring and {@code spark eval}: the run folder holds every
   * round (24 training recordings, 2 workers, batch 4: 3 steps per epoch; 10 epochs, averaging every step), and the
   * page draws them — loss and accuracy as line charts with a point per round, firing rates per layer as a bar chart
   * — next to eval's confusion PNG.
   */
  @Test
  void trainingNoteShowsTheRunsRoundsFiringRatesAndConfusion() throws IOException {
    Path work = OUT.resolve("work");
    ObjectMapper json = new ObjectMapper();
    JsonNode args = json.readTree(work.resolve("train-run/args.json").toFile());
    assertEquals("ring", args.get("averaging").asText());
    assertEquals(2, args.get("workers").asInt());
    List<String> rounds = Files.readAllLines(work.resolve("train-run/rounds.jsonl"));
    assertEquals(30, rounds.size(), "10 epochs of 3 steps, averaged after every step");
    for (int r = 0; r < rounds.size(); r++) {
      JsonNode line = json.readTree(rounds.get(r));
      assertEquals(r, line.get("round").asInt());
      assertEquals(2, line.get("workers").asInt(), rounds.get(r));
      assertEquals(8, line.get("samples").asLong(), "one batch of 4 per worker: " + rounds.get(r));
      assertTrue(Double.isFinite(line.get("loss").asDouble()), rounds.get(r));
    }
    JsonNode report = json.readTree(work.resolve("train-report/report.json").toFile());
    assertEquals(24, report.get("samples").asLong());
    assertTrue(report.get("firing_rates").size() >= 2, "a rate per spiking layer: " + report);

    String page = Files.readString(OUT.resolve("train-with-parameter-averaging.html"));
    assertEquals(2, page.split("<polyline ", -1).length - 1, "the loss and the accuracy line charts");
    assertEquals(2 * rounds.size(), page.split("<circle ", -1).length - 1, "a point per round on each chart");
    assertTrue(page.contains("<title>round 29 loss: "), "the last round on the loss chart");
    String firstLayer = report.get("firing_rates").fieldNames().next();
    assertTrue(page.contains("<title>" + firstLayer + " firing_rate: "), "a bar per layer, " + firstLayer + " first");
    assertTrue(page.contains("train: round 30/30 "), "progress per committed round");
    // the confusion matrix spark eval drew, shown as it is
    BufferedImage drawn = ImageIO.read(work.resolve("train-report/confusion.png").toFile());
    String shown = page.substring(page.lastIndexOf("data:image/png;base64,") + "data:image/png;base64,".length());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
        shown.substring(0, shown.indexOf('"')))));
    assertEquals(drawn.getWidth(), img.getWidth());
    assertEquals(drawn.getHeight(), img.getHeight());
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
      // not blank: a good share of pixels differs from the page background, and the plots are drawn: Plots' dark
      // pictures, or the charts' blue and orange (#1f77b4, #ff7f0e) on white
      int bg = img.getRGB(2, img.getHeight() - 3);
      long differ = 0;
      long dark = 0;
      long charted = 0;
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int rgb = img.getRGB(x, y);
          differ += rgb != bg ? 1 : 0;
          int lum = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
          dark += lum < 120 ? 1 : 0;
          charted += near(rgb, 0x1f77b4) || near(rgb, 0xff7f0e) ? 1 : 0;
        }
      }
      long total = (long) ((img.getHeight() + 1) / 2) * ((img.getWidth() + 1) / 2);
      assertTrue(differ > total / 10, n.name() + ": only " + differ + " of " + total + " pixels drawn");
      assertTrue(dark > total / 50 || charted > total / 200, n.name() + ": the plots are missing (" + dark
          + " dark pixels, " + charted + " in the charts' colours)");
    }
  }

  private static boolean near(int rgb, int colour) {
    int d = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      d += Math.abs(((rgb >> shift) & 255) - ((colour >> shift) & 255));
    }
    return d < 30;
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
