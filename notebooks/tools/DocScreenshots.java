import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The README's note screenshots ({@code docs/notebooks/NOTE.png}) from the pages the runner rendered: each
 * {@code OUT/NOTE.html} is drawn by headless Chromium as a reader of the note sees its results — the code hidden,
 * tables in a short scroll box as in Zeppelin — at 0.6 scale, and the empty page below the last paragraph cut off.
 *
 * <pre>
 * bin/neurospark notebooks run --out notebooks-out
 * java notebooks/tools/DocScreenshots.java notebooks-out docs/notebooks
 * </pre>
 * Needs Debian's {@code chromium} (or {@code CHROMIUM=/path}).
 */
public final class DocScreenshots {
  private static final String STYLE = "<style>pre.code{display:none}"
      + "table{display:block;max-height:150px;overflow:hidden}</style></head>";

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: java DocScreenshots.java RUNNER_OUT_DIR DOCS_DIR");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    Path docs = Files.createDirectories(Path.of(args[1]));
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    Path tmp = Files.createTempDirectory("doc-screenshots");
    List<Path> pages;
    try (var s = Files.list(out)) {
      pages = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }
    for (Path page : pages) {
      String name = page.getFileName().toString().replace(".html", "");
      Path view = tmp.resolve(name + ".html");
      Files.writeString(view, Files.readString(page).replaceFirst("</head>", STYLE));
      Path shot = tmp.resolve(name + ".png");
      Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
          "--force-device-scale-factor=0.6", "--window-size=1000,8000", "--user-data-dir=" + tmp.resolve("profile"),
          "--screenshot=" + shot, view.toUri().toString()).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("chromium.log").toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("chromium failed on " + view + "; see " + tmp.resolve("chromium.log"));
      }
      BufferedImage img = ImageIO.read(shot.toFile());
      int bg = img.getRGB(img.getWidth() - 2, img.getHeight() - 2);
      int bottom = img.getHeight();
      while (bottom > 1 && rowIs(img, bottom - 1, bg)) {
        bottom--;
      }
      BufferedImage cut = img.getSubimage(0, 0, img.getWidth(), Math.min(img.getHeight(), bottom + 10));
      Path target = docs.resolve(name + ".png");
      ImageIO.write(cut, "png", target.toFile());
      System.out.printf("%s: %d x %d px, %d KB%n", target, cut.getWidth(), cut.getHeight(),
          Files.size(target) / 1024);
    }
  }

  private static boolean rowIs(BufferedImage img, int y, int rgb) {
    for (int x = 0; x < img.getWidth(); x++) {
      if (img.getRGB(x, y) != rgb) {
        return false;
      }
    }
    return true;
  }
}
