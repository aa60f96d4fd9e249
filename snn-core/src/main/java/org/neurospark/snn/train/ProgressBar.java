package org.neurospark.snn.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a stream (stderr): {@code [####....] 120/938 batches 64.1 img/s ETA 03:12 loss ...},
 * redrawn at most every {@code intervalNanos} with a carriage return; {@link #finish} ends the line.
 */
public final class ProgressBar {
  private final PrintStream out;
  private final String label;
  private final int total;
  private final long startNanos;
  private final long intervalNanos;
  private long lastDraw;
  private int startDone = -1;

  public ProgressBar(PrintStream out, String label, int total, long intervalNanos) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.startNanos = System.nanoTime();
    this.intervalNanos = intervalNanos;
  }

  /** Formats seconds as mm:ss or h:mm:ss. */
  public static String clock(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "--:--";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  /** The bar text for {@code done} of {@code total} after {@code seconds} at {@code images} processed. */
  public static String render(String label, int done, int total, double seconds, long images, String extra) {
    int width = 24;
    int fill = total <= 0 ? 0 : (int) ((long) width * Math.min(done, total) / total);
    double rate = seconds > 0 ? images / seconds : 0;
    double eta = done > 0 ? seconds * (total - done) / done : Double.NaN;
    return String.format(Locale.ROOT, "%s [%s%s] %d/%d %.1f img/s ETA %s %s", label, "#".repeat(fill),
        ".".repeat(width - fill), done, total, rate, clock(eta), extra == null ? "" : extra);
  }

  /**
   * Updates the bar: {@code done} batches finished (of which the first ones may have been skipped by a resume),
   * {@code images} processed in this session.
   */
  public void update(int done, long images, String extra, boolean force) {
    long now = System.nanoTime();
    if (startDone < 0) {
      startDone = done - 1;
    }
    if (!force && now - lastDraw < intervalNanos) {
      return;
    }
    lastDraw = now;
    double secs = (now - startNanos) / 1e9;
    int own = Math.max(1, done - startDone);
    double eta = secs * (total - done) / own;
    String s = render(label, done, total, secs, images, extra);
    s = s.replaceFirst("ETA [^ ]+", "ETA " + clock(eta));
    out.print("\r" + s);
    out.flush();
  }

  /** As {@link #update(int, long, String, boolean)}, computing the extra text only when the bar is drawn. */
  public void update(int done, long images, java.util.function.Supplier<String> extra, boolean force) {
    if (!force && startDone >= 0 && System.nanoTime() - lastDraw < intervalNanos) {
      return;
    }
    update(done, images, extra.get(), true);
  }

  /** Ends the line. */
  public void finish() {
    out.println();
    out.flush();
  }
}
