package org.neurospark.events.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external decoder (a "peer", e.g. another library's C reader) timed in the same run as Neurospark's decoding of
 * the same stream. The command is a shell command template: {@code {file}} is replaced by the path of the stream
 * being benchmarked and {@code {format}} by its format id ({@code evt2}, {@code evt3}, {@code dat}, …), both
 * single-quoted for the shell, and the result is run with {@code /bin/sh -c}.
 *
 * <p>Output contract: the command decodes the file (once, or several times and reports the median) and prints a
 * line {@code events=N seconds=S} (standard output and standard error are read together): N the events it decoded from the file, S the wall-clock
 * seconds its decoding took (excluding its own start-up, which it times itself). The last such line counts; other
 * lines (warnings) are ignored. A peer that only reads the bytes (e.g. a C {@code read()} loop) prints
 * {@code events=0}; it is then compared with the plain-read baseline in MB/s. A non-zero exit status, or no such
 * line, is reported as a failed run with the command's last output line.
 *
 * @param template the shell command template with {@code {file}} (and optionally {@code {format}})
 * @param timeoutSeconds a run still going after this many seconds is killed and reported as failed
 */
public record PeerCommand(String template, long timeoutSeconds) {
  private static final Pattern RESULT = Pattern.compile("events=(\\d+)\\s+seconds=([0-9]*\\.?[0-9]+(?:[eE][-+]?\\d+)?)");

  /** One run's outcome: the peer's reported events and seconds. */
  public record Timing(long events, double seconds) {}

  public PeerCommand {
    Objects.requireNonNull(template, "template");
    if (!template.contains("{file}")) {
      throw new IllegalArgumentException("peer command '" + template + "' has no {file} placeholder");
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("timeoutSeconds must be ≥ 1");
    }
  }

  /** A peer with a 600 s timeout per run. */
  public PeerCommand(String template) {
    this(template, 600);
  }

  /** The shell command for {@code file} in {@code format}. */
  public String commandFor(Path file, String format) {
    return template.replace("{file}", shellQuote(file.toString())).replace("{format}", shellQuote(format));
  }

  /**
   * Runs the peer once on {@code file}.
   *
   * @throws IOException when it cannot start, exits non-zero, times out or prints no {@code events=N seconds=S}
   *     line (the message quotes its last output line)
   */
  public Timing run(Path file, String format) throws IOException {
    String cmd = commandFor(file, format);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      Thread drain = new Thread(() -> {
        try {
          in.transferTo(buf);
        } catch (IOException e) {
          // the process went away; what was read is kept
        }
      }, "peer-output");
      drain.setDaemon(true);
      drain.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("peer '" + cmd + "' still running after " + timeoutSeconds + " s, killed");
      }
      drain.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running peer '" + cmd + "'", e);
    }
    String text;
    synchronized (buf) {
      text = buf.toString(StandardCharsets.UTF_8);
    }
    int rc = p.exitValue();
    if (rc != 0) {
      throw new IOException("peer '" + cmd + "' exited with status " + rc + lastLine(text));
    }
    Timing t = parse(text);
    if (t == null) {
      throw new IOException("peer '" + cmd + "' printed no 'events=N seconds=S' line" + lastLine(text));
    }
    return t;
  }

  /** The last {@code events=N seconds=S} line of {@code output}, null when there is none or S is not positive. */
  public static Timing parse(String output) {
    Timing last = null;
    for (String line : output.split("\\R")) {
      Matcher m = RESULT.matcher(line);
      if (m.find()) {
        double s = Double.parseDouble(m.group(2));
        last = s > 0 && Double.isFinite(s) ? new Timing(Long.parseLong(m.group(1)), s) : null;
      }
    }
    return last;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    String l = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    return l.isEmpty() ? " (no output)" : ": " + (l.length() > 300 ? l.substring(0, 300) + "…" : l);
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
