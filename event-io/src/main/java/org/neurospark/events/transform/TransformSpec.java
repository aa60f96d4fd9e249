package org.neurospark.events.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a one-line transform chain: {@code name(arg, ...)} items separated by commas (or semicolons), arguments
 * positional or {@code key=value}; names are case-insensitive and ignore {@code _}/{@code -}. Times in µs, sizes in
 * pixels. Each random transform gets its own seed derived from the chain seed and its position.
 *
 * <table>
 *   <caption>transforms</caption>
 *   <tr><td>{@code downsample(fx[,fy[,ft]])}</td><td>{@link Downsample}; {@code fy = fx} when omitted, ft = 1</td></tr>
 *   <tr><td>{@code crop(w,h)} / {@code centercrop}</td><td>{@link Crop#center}</td></tr>
 *   <tr><td>{@code randomcrop(w,h)}</td><td>{@link Crop#random}</td></tr>
 *   <tr><td>{@code fliplr([p])}, {@code flipud([p])}, {@code flippol([p])}</td><td>{@link Flip}; p = 0.5 (tonic)</td></tr>
 *   <tr><td>{@code mergepol()}</td><td>{@link MergePolarities}</td></tr>
 *   <tr><td>{@code refractory(us)}</td><td>{@link RefractoryPeriod}</td></tr>
 *   <tr><td>{@code denoise(us[,neighbours=4|8])}</td><td>{@link Denoise}</td></tr>
 *   <tr><td>{@code drop(p)}</td><td>{@link DropEvents}</td></tr>
 *   <tr><td>{@code droptime(start_us,end_us)}</td><td>{@link DropByTime#window}</td></tr>
 *   <tr><td>{@code droptimeratio(ratio,t_end_us)}</td><td>{@link DropByTime#random}</td></tr>
 *   <tr><td>{@code droparea(ratio)}</td><td>{@link DropByArea}</td></tr>
 *   <tr><td>{@code timejitter(std_us[,clip=false][,sort=false])}</td><td>{@link TimeJitter}</td></tr>
 *   <tr><td>{@code timeskew(coefficient[,offset_us])}</td><td>{@link TimeSkew}</td></tr>
 *   <tr><td>{@code noise(events_per_s)}</td><td>{@link UniformNoise}</td></tr>
 *   <tr><td>{@code spatialjitter(var_x,var_y[,sigma_xy][,clamp=false])}</td><td>{@link SpatialJitter}</td></tr>
 * </table>
 */
public final class TransformSpec {
  private TransformSpec() {}

  /**
   * Parses {@code spec} into a chain for events of a sensor of size {@code sensor} (each step sees the size the
   * previous one emits).
   *
   * @throws IllegalArgumentException naming the item and what is wrong
   */
  public static Compose parse(String spec, SensorSize sensor, long seed) {
    List<EventTransform> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return new Compose(out);
    }
    SensorSize size = sensor;
    int i = 0;
    int n = spec.length();
    int index = 0;
    while (i < n) {
      while (i < n && (Character.isWhitespace(spec.charAt(i)) || spec.charAt(i) == ',' || spec.charAt(i) == ';')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int nameStart = i;
      while (i < n && spec.charAt(i) != '(' && spec.charAt(i) != ',' && spec.charAt(i) != ';') {
        i++;
      }
      String name = spec.substring(nameStart, i).trim();
      String args = "";
      if (i < n && spec.charAt(i) == '(') {
        int close = spec.indexOf(')', i);
        if (close < 0) {
          throw new IllegalArgumentException("transform spec '" + spec + "': missing ')' after '" + name + "('");
        }
        args = spec.substring(i + 1, close);
        i = close + 1;
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("transform spec '" + spec + "': empty transform name at column " + nameStart);
      }
      long itemSeed = seed + 0x9E3779B97F4A7C15L * (index + 1);
      EventTransform t;
      try {
        t = create(name, new Args(name, args), size, itemSeed);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("transform spec '" + spec + "', item " + (index + 1) + " '" + name + "("
            + args + ")': " + e.getMessage(), e);
      }
      out.add(t);
      size = t.outputSize(size);
      index++;
    }
    return new Compose(out);
  }

  private static EventTransform create(String rawName, Args a, SensorSize s, long seed) {
    String name = rawName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    switch (name) {
      case "downsample": {
        double fx = a.dbl(0, "fx", Double.NaN);
        a.check(3);
        return new Downsample(fx, a.dbl(1, "fy", fx), a.dbl(2, "ft", 1.0));
      }
      case "crop":
      case "centercrop":
        a.check(2);
        return Crop.center(s, a.integer(0, "w"), a.integer(1, "h"));
      case "randomcrop":
        a.check(2);
        return Crop.random(s, a.integer(0, "w"), a.integer(1, "h"), seed);
      case "fliplr":
        a.check(1);
        return new Flip(Flip.Axis.LR, s, a.dbl(0, "p", 0.5), seed);
      case "flipud":
        a.check(1);
        return new Flip(Flip.Axis.UD, s, a.dbl(0, "p", 0.5), seed);
      case "flippol":
      case "flippolarity":
        a.check(1);
        return new Flip(Flip.Axis.POLARITY, s, a.dbl(0, "p", 0.5), seed);
      case "mergepol":
      case "mergepolarities":
        a.check(0);
        return new MergePolarities();
      case "refractory":
      case "refractoryperiod":
        a.check(1);
        return new RefractoryPeriod(s, a.lng(0, "us"));
      case "denoise": {
        a.check(2);
        long ft = a.lng(0, "us");
        int nb = (int) a.dbl(1, "neighbours", 4);
        if (nb != 4 && nb != 8) {
          throw new IllegalArgumentException("neighbours must be 4 or 8, not " + nb);
        }
        return new Denoise(s, ft, nb == 4 ? Denoise.Neighbourhood.FOUR : Denoise.Neighbourhood.EIGHT);
      }
      case "drop":
      case "dropevent":
        a.check(1);
        return new DropEvents(a.dbl(0, "p", Double.NaN), seed);
      case "droptime":
        a.check(2);
        return DropByTime.window(a.lng(0, "start"), a.lng(1, "end"));
      case "droptimeratio":
        a.check(2);
        return DropByTime.random(a.dbl(0, "ratio", Double.NaN), a.lng(1, "tend"), seed);
      case "droparea":
        a.check(1);
        return new DropByArea(s, a.dbl(0, "ratio", Double.NaN), seed);
      case "timejitter":
        a.check(3);
        return new TimeJitter(a.dbl(0, "std", Double.NaN), a.bool(1, "clip", false), a.bool(2, "sort", false), seed);
      case "timeskew":
        a.check(2);
        return new TimeSkew(a.dbl(0, "coefficient", Double.NaN), a.dbl(1, "offset", 0));
      case "noise":
      case "uniformnoise":
        a.check(1);
        return new UniformNoise(s, a.dbl(0, "rate", Double.NaN), seed);
      case "spatialjitter":
        a.check(4);
        return new SpatialJitter(s, a.dbl(0, "varx", Double.NaN), a.dbl(1, "vary", Double.NaN),
            a.dbl(2, "sigmaxy", 0), a.bool(3, "clamp", false), seed);
      default:
        throw new IllegalArgumentException("unknown transform '" + rawName + "' (known: downsample, crop, randomcrop,"
            + " fliplr, flipud, flippol, mergepol, refractory, denoise, drop, droptime, droptimeratio, droparea,"
            + " timejitter, timeskew, noise, spatialjitter)");
    }
  }

  /** Positional and named arguments of one item. */
  private static final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> named = new HashMap<>();
    private final String name;

    Args(String name, String text) {
      this.name = name;
      if (text.isBlank()) {
        return;
      }
      for (String part : text.split(",")) {
        String s = part.trim();
        int eq = s.indexOf('=');
        if (eq > 0) {
          named.put(s.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace("_", ""), s.substring(eq + 1).trim());
        } else if (!named.isEmpty()) {
          throw new IllegalArgumentException("positional argument '" + s + "' after a named one");
        } else {
          positional.add(s);
        }
      }
    }

    void check(int max) {
      if (positional.size() + named.size() > max) {
        throw new IllegalArgumentException(name + " takes at most " + max + " arguments, got "
            + (positional.size() + named.size()));
      }
    }

    private String raw(int pos, String key) {
      String v = named.get(key);
      if (v == null && pos < positional.size()) {
        v = positional.get(pos);
      }
      return v;
    }

    double dbl(int pos, String key, double dflt) {
      String v = raw(pos, key);
      if (v == null) {
        if (Double.isNaN(dflt)) {
          throw new IllegalArgumentException("missing argument " + (pos + 1) + " (" + key + ")");
        }
        return dflt;
      }
      try {
        double d = Double.parseDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("argument " + key + " = '" + v + "' is not a finite number");
      }
    }

    long lng(int pos, String key) {
      String v = raw(pos, key);
      if (v == null) {
        throw new IllegalArgumentException("missing argument " + (pos + 1) + " (" + key + ")");
      }
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        double d = dbl(pos, key, Double.NaN);
        if (d != Math.rint(d) || Math.abs(d) > 9e15) {
          throw new IllegalArgumentException("argument " + key + " = '" + v + "' is not an integer");
        }
        return (long) d;
      }
    }

    int integer(int pos, String key) {
      long v = lng(pos, key);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("argument " + key + " = " + v + " out of int range");
      }
      return (int) v;
    }

    boolean bool(int pos, String key, boolean dflt) {
      String v = raw(pos, key);
      if (v == null) {
        return dflt;
      }
      switch (v.toLowerCase(Locale.ROOT)) {
        case "true":
        case "1":
        case "yes":
          return true;
        case "false":
        case "0":
        case "no":
          return false;
        default:
          throw new IllegalArgumentException("argument " + key + " = '" + v + "' is not a boolean");
      }
    }
  }
}
