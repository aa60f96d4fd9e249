package org.neurospark.events.dataset;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One sample of a dataset: a recording, or a time segment of one (DVS128 Gesture). Serializable and free of
 * {@link Path} (a Spark task can receive it and open the recording through any file system).
 *
 * @param location the recording: a URI ({@code file:///data/a.bin}, {@code hdfs://nn/data/a.bin}, ...; what the
 *     catalogs of local folders produce) or a plain path string
 * @param label class index (0-based, in the catalog's class order)
 * @param className the class's name
 * @param split train / test / none
 * @param startUs segment start (µs, inclusive), or −1 for the whole file
 * @param endUs segment end (µs, exclusive), or −1 for the whole file
 * @param name sample name, unique within the dataset (file stem, or SpikingJelly's {@code <file>_<k>} for segments)
 */
public record Sample(String location, int label, String className, Split split, long startUs, long endUs, String name)
    implements Serializable {

  public Sample {
    Objects.requireNonNull(location, "location");
  }

  /** A sample of local file {@code file} (its location is the absolute path's {@code file:} URI). */
  public Sample(Path file, int label, String className, Split split, long startUs, long endUs, String name) {
    this(locationOf(file), label, className, split, startUs, endUs, name);
  }

  /**
   * The {@code file:} URI string of local file {@code file} (made absolute): {@code Path.toUri()}'s string for a file
   * that is not a directory. A path of only letters, digits and {@code / . _ ~ -} (characters a URI keeps as they
   * are) becomes {@code file://} + the path without asking the file system anything; any other goes through
   * {@code toUri()}, which also asks whether it is a directory (a stat per recording: a third of the driver's
   * listing time on a folder of 22,400 recordings).
   */
  public static String locationOf(Path file) {
    Path abs = file.toAbsolutePath();
    String p = abs.toString();
    if (abs.getFileSystem() == java.nio.file.FileSystems.getDefault() && p.startsWith("/")
        && java.io.File.separatorChar == '/' && plain(p)) {
      return "file://" + p;
    }
    return abs.toUri().toString();
  }

  private static boolean plain(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
          || c == '.' || c == '_' || c == '~' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** True when the sample is the whole recording. */
  public boolean wholeFile() {
    return startUs < 0;
  }

  /** True when {@link #location()} is a local file: a {@code file:} URI or a path string without a URI scheme. */
  public boolean isLocal() {
    String scheme = scheme(location);
    return scheme == null || scheme.equals("file");
  }

  /**
   * The recording as a local path (for samples of local folders).
   *
   * @throws IllegalStateException when the location is not local ({@link #isLocal()}), e.g. an {@code hdfs:} URI
   */
  public Path file() {
    String scheme = scheme(location);
    if (scheme == null) {
      return Path.of(location);
    }
    if (!scheme.equals("file")) {
      throw new IllegalStateException("sample " + name + " is at " + location + ", not a local file");
    }
    return Path.of(URI.create(location));
  }

  /** The same sample assigned to {@code s}. */
  public Sample withSplit(Split s) {
    return new Sample(location, label, className, s, startUs, endUs, name);
  }

  /** The URI scheme of {@code location} (lowercase), or null for a plain path (a 1-letter scheme is a drive). */
  private static String scheme(String location) {
    int colon = location.indexOf(':');
    if (colon < 2) {
      return null;
    }
    for (int i = 0; i < colon; i++) {
      char c = location.charAt(i);
      boolean ok = Character.isLetter(c) || (i > 0 && (Character.isDigit(c) || c == '+' || c == '-' || c == '.'));
      if (!ok || c > 127) {
        return null;
      }
    }
    return location.substring(0, colon).toLowerCase(Locale.ROOT);
  }
}
