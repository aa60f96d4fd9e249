package org.neurospark.events.simulate;

import java.util.Arrays;
import org.neurospark.events.EventBatch;

/**
 * Simulates what a DVS sees while a still image moves over it along a {@link SaccadePath} — the way N-MNIST was
 * recorded with an ATIS on a pan-tilt unit in front of a monitor.
 *
 * <p>Rendering: the image (grey levels / 255) is blurred by the optics' point-spread function
 * ({@link DvsParameters#blurSigmaPx()}) and sampled at each pixel centre with bilinear interpolation at the image's
 * sub-pixel position. Frames are rendered every {@link DvsParameters#frameStepPx()} of displacement; between two
 * frames each pixel's log luminance is taken as linear, and the pixel model of {@link DvsParameters} is solved
 * exactly on that line: an event at the instant the change since the memorised value reaches the threshold (not at
 * frame times — timestamps are interpolated between frames as in ESIM / v2e), the memorised value then moves by one
 * threshold, and the pixel ignores changes for its refractory period (a change that built up meanwhile fires as soon
 * as the period ends, with the memorised value reset to the luminance of that instant). At the start each pixel's
 * memorised value lies uniformly between its OFF and ON thresholds from the luminance it sees (the sensor was
 * running before the recording). Background activity is added as independent Poisson events.
 *
 * <p>Fixed pattern: per-pixel thresholds, refractory periods and background rates are drawn once from
 * {@code sensorSeed} (one simulated sensor records the whole dataset, as one ATIS recorded N-MNIST). Per sample,
 * {@code sampleSeed} drives the starting memorised values and the background events. Same seeds, same image →
 * identical events on every JVM (only {@link StrictMath}, a private generator and IEEE arithmetic are involved).
 *
 * <p>Coordinates: x = column 0..width−1, y = row 0..height−1 (y down, as the image's rows); timestamps in µs from the
 * start of the first saccade. An instance holds scratch buffers: use one per thread.
 */
public final class DvsSimulator {
  private static final int LUT_SIZE = 1 << 16;
  private static final int TIME_TABLE = 4096;
  private static final int BUCKETS = 8192;
  private static final int INVERSE = 16384;
  /** Progress below which (and above 1 − which) the inverse is steep and found by bisection instead. */
  private static final double STEEP = 0.007;

  private final int width;
  private final int height;
  private final DvsParameters params;
  private final SaccadePath path;
  private final double[] px;
  private final double[] py;
  private final int saccades;
  private final double saccadeUs;
  private final float[] logLut = new float[LUT_SIZE + 1];
  private final double[] progressTable = new double[TIME_TABLE + 1];
  private final int[] bucketStart = new int[BUCKETS];
  private final double[] inverseTable = new double[INVERSE + 1];
  private final float[] kernel;
  private final double minX;
  private final double maxX;
  private final double minY;
  private final double maxY;

  // fixed pattern, per pixel (row-major y * width + x)
  private final double[] thOn;
  private final double[] thOff;
  private final double[] refractoryUs;
  private final double[] noiseCumulative; // cumulative background rates, events per µs
  private final double noiseTotalPerUs;

  // per-sample scratch
  /** Per active pixel j: state[STATE * j + ...] = PREV, REF, READY, LOW, HIGH (see the constants). */
  private final double[] state;
  private static final int STATE = 5;
  private static final int PREV = 0; // log luminance at the last frame
  private static final int REF = 1; // memorised log luminance
  private static final int READY = 2; // path progress at which the refractory period ends
  private static final int LOW = 3; // REF − OFF threshold
  private static final int HIGH = 4; // REF + ON threshold
  private long[] sortTmp = new long[8192];
  private float[] canvas = new float[0];
  private float[] blurTmp = new float[0];
  private int[] nonZeroSum = new int[0];
  private final int[] active;
  private final int[] activeBase;
  private long[] keys = new long[8192];
  private int nKeys;

  /**
   * @param width sensor width, pixels (≤ 256)
   * @param height sensor height, pixels (≤ 256)
   * @param params the pixel model
   * @param path the image motion
   * @param sensorSeed seed of the sensor's fixed pattern (per-pixel thresholds, refractory periods, noise rates)
   */
  public DvsSimulator(int width, int height, DvsParameters params, SaccadePath path, long sensorSeed) {
    if (width <= 0 || height <= 0 || width > 256 || height > 256) {
      throw new IllegalArgumentException("sensor " + width + " × " + height + " outside 1..256 pixels per side");
    }
    this.width = width;
    this.height = height;
    this.params = params;
    this.path = path;
    this.px = path.x();
    this.py = path.y();
    this.saccades = path.saccades();
    this.saccadeUs = path.saccadeUs();
    double lo = params.blackLevel();
    for (int i = 0; i <= LUT_SIZE; i++) {
      logLut[i] = (float) StrictMath.log(lo + (1 - lo) * ((double) i / LUT_SIZE));
    }
    for (int j = 0; j <= TIME_TABLE; j++) {
      progressTable[j] = SaccadePath.progress((double) j / TIME_TABLE);
    }
    progressTable[TIME_TABLE] = 1.0;
    for (int q = 0, j = 0; q < BUCKETS; q++) { // largest j with progressTable[j] <= q / BUCKETS
      double s0 = (double) q / BUCKETS;
      while (j < TIME_TABLE - 1 && progressTable[j + 1] <= s0) {
        j++;
      }
      bucketStart[q] = j;
    }
    for (int q = 0; q <= INVERSE; q++) { // τ with progress(τ) = q / INVERSE, by bisection on the exact function
      double target = (double) q / INVERSE;
      double below = 0;
      double above = 1;
      for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (below + above);
        if (SaccadePath.progress(mid) <= target) {
          below = mid;
        } else {
          above = mid;
        }
      }
      inverseTable[q] = below;
    }
    kernel = gaussianKernel(params.blurSigmaPx());
    double a = Double.POSITIVE_INFINITY;
    double b = Double.NEGATIVE_INFINITY;
    double c = Double.POSITIVE_INFINITY;
    double d = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < px.length; k++) {
      a = Math.min(a, px[k]);
      b = Math.max(b, px[k]);
      c = Math.min(c, py[k]);
      d = Math.max(d, py[k]);
    }
    minX = a;
    maxX = b;
    minY = c;
    maxY = d;

    int n = width * height;
    thOn = new double[n];
    thOff = new double[n];
    refractoryUs = new double[n];
    noiseCumulative = new double[n];
    SplitMix64 rng = new SplitMix64(SplitMix64.mix(sensorSeed ^ 0x5EED5E45L));
    double total = 0;
    double spread = params.backgroundRateSpread();
    for (int i = 0; i < n; i++) {
      thOn[i] = Math.max(0.01, params.thresholdOn() * (1 + params.thresholdMismatch() * rng.nextGaussian()));
      thOff[i] = Math.max(0.01, params.thresholdOff() * (1 + params.thresholdMismatch() * rng.nextGaussian()));
      refractoryUs[i] = Math.max(0, params.refractoryUs() * (1 + params.refractoryMismatch() * rng.nextGaussian()));
      double rate = params.backgroundRateHz() * 1e-6
          * StrictMath.exp(spread * rng.nextGaussian() - 0.5 * spread * spread);
      total += rate;
      noiseCumulative[i] = total;
    }
    noiseTotalPerUs = total;
    state = new double[STATE * n];
    active = new int[n];
    activeBase = new int[n];
  }

  /** Sensor width, pixels. */
  public int width() {
    return width;
  }

  /** Sensor height, pixels. */
  public int height() {
    return height;
  }

  /** The recording length, µs (the path's duration). */
  public long durationUs() {
    return path.durationUs();
  }

  private static float[] gaussianKernel(double sigma) {
    if (sigma == 0) {
      return new float[] {1f};
    }
    int r = (int) Math.ceil(3 * sigma);
    double[] w = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      w[i + r] = StrictMath.exp(-(double) i * i / (2 * sigma * sigma));
      sum += w[i + r];
    }
    float[] k = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      k[i] = (float) (w[i] / sum);
    }
    return k;
  }

  /**
   * Simulates one recording of {@code image}.
   *
   * @param image {@code rows × cols} grey levels (unsigned bytes, row-major), 0 = black
   * @param offset where the image starts in {@code image}
   * @param sampleSeed seed of this recording's noise and starting state
   * @param out receives the events (cleared first), sorted by timestamp, then x, y, polarity
   * @return {@code out}
   */
  public EventBatch simulate(byte[] image, int offset, int rows, int cols, long sampleSeed, EventBatch out) {
    if (rows <= 0 || cols <= 0 || offset < 0 || (long) offset + (long) rows * cols > image.length) {
      throw new IllegalArgumentException("image " + rows + " × " + cols + " at " + offset + " does not fit "
          + image.length + " bytes");
    }
    SplitMix64 rng = new SplitMix64(SplitMix64.mix(sampleSeed));
    nKeys = 0;
    int r = kernel.length / 2;
    // canvas = image coordinates [cx0, cx0 + cw) × [cy0, cy0 + ch), covering the image ± blur radius and every
    // coordinate a pixel samples (bilinear: floor and floor + 1)
    int cx0 = Math.min((int) Math.floor(-maxX) - 1, -r);
    int cy0 = Math.min((int) Math.floor(-maxY) - 1, -r);
    int cx1 = Math.max((int) Math.ceil(width - 1 - minX) + 2, cols - 1 + r);
    int cy1 = Math.max((int) Math.ceil(height - 1 - minY) + 2, rows - 1 + r);
    int cw = cx1 - cx0 + 1;
    int ch = cy1 - cy0 + 1;
    int[] box = render(image, offset, rows, cols, cx0, cy0, cw, ch);

    // pixels that can see anything but black at some point of the path
    int xLo = 0;
    int xHi = -1;
    int yLo = 0;
    int yHi = -1;
    if (box != null) {
      xLo = Math.max(0, (int) Math.floor(box[0] + minX) - 1);
      xHi = Math.min(width - 1, (int) Math.ceil(box[1] + maxX) + 1);
      yLo = Math.max(0, (int) Math.floor(box[2] + minY) - 1);
      yHi = Math.min(height - 1, (int) Math.ceil(box[3] + maxY) + 1);
    }

    int nAct = xHi >= xLo && yHi >= yLo ? activePixels(cx0, cy0, cw, ch, xLo, xHi, yLo, yHi) : 0;
    if (nAct > 0) {
      double a0 = -px[0] - cx0;
      double b0 = -py[0] - cy0;
      int ia0 = (int) Math.floor(a0);
      int ib0 = (int) Math.floor(b0);
      for (int j = 0; j < nAct; j++) {
        int i = active[j];
        float wx = (float) (a0 - ia0);
        float wy = (float) (b0 - ib0);
        double l = sample(activeBase[j] + ib0 * cw + ia0, cw, (1 - wx) * (1 - wy), wx * (1 - wy), (1 - wx) * wy,
            wx * wy);
        // memorised value somewhere between the OFF and ON thresholds below / above the current luminance
        double m0 = l - (rng.nextDouble() * (thOn[i] + thOff[i]) - thOff[i]);
        int o = STATE * j;
        state[o + PREV] = l;
        state[o + REF] = m0;
        state[o + READY] = Double.NEGATIVE_INFINITY;
        state[o + LOW] = m0 - thOff[i];
        state[o + HIGH] = m0 + thOn[i];
      }
      for (int k = 0; k < saccades; k++) {
        int m = Math.max(1, (int) Math.ceil(path.length(k) / params.frameStepPx()));
        for (int j = 1; j <= m; j++) {
          double s = (double) j / m;
          double ox = px[k] + s * (px[k + 1] - px[k]);
          double oy = py[k] + s * (py[k + 1] - py[k]);
          double g0 = k + (double) (j - 1) / m;
          double g1 = j == m ? k + 1 : k + s;
          step(ox, oy, cx0, cy0, cw, g0, g1, nAct);
        }
      }
    }
    addNoise(rng);
    sortKeys();
    out.clear();
    out.ensureCapacity(nKeys);
    for (int i = 0; i < nKeys; i++) {
      long key = keys[i];
      out.add(key >>> 17, (int) (key >>> 9) & 0xFF, (int) (key >>> 1) & 0xFF, (int) key & 1);
    }
    return out;
  }

  /** Places the image on the canvas and blurs it; returns the bounding box of non-zero canvas values in image
   *  coordinates {xmin, xmax, ymin, ymax}, or null when all black. */
  private int[] render(byte[] image, int offset, int rows, int cols, int cx0, int cy0, int cw, int ch) {
    int size = cw * ch;
    if (canvas.length < size) {
      canvas = new float[size];
      blurTmp = new float[size];
    }
    Arrays.fill(canvas, 0, size, 0f);
    int xmin = Integer.MAX_VALUE;
    int xmax = Integer.MIN_VALUE;
    int ymin = Integer.MAX_VALUE;
    int ymax = Integer.MIN_VALUE;
    for (int v = 0; v < rows; v++) {
      int row = (v - cy0) * cw - cx0;
      for (int u = 0; u < cols; u++) {
        int g = image[offset + v * cols + u] & 0xFF;
        if (g != 0) {
          canvas[row + u] = g / 255f;
          xmin = Math.min(xmin, u);
          xmax = Math.max(xmax, u);
          ymin = Math.min(ymin, v);
          ymax = Math.max(ymax, v);
        }
      }
    }
    if (xmin > xmax) {
      return null;
    }
    int r = kernel.length / 2;
    if (r > 0) {
      // separable blur over the rows/columns that can be non-zero
      int u0 = xmin - r - cx0;
      int u1 = xmax + r - cx0;
      int v0 = ymin - r - cy0;
      int v1 = ymax + r - cy0;
      for (int v = v0; v <= v1; v++) {
        for (int u = u0; u <= u1; u++) {
          float acc = 0;
          for (int k = -r; k <= r; k++) {
            int uu = u + k;
            if (uu >= 0 && uu < cw) {
              acc += kernel[k + r] * canvas[v * cw + uu];
            }
          }
          blurTmp[v * cw + u] = acc;
        }
      }
      for (int v = v0; v <= v1; v++) {
        for (int u = u0; u <= u1; u++) {
          float acc = 0;
          for (int k = -r; k <= r; k++) {
            int vv = v + k;
            if (vv >= v0 && vv <= v1) {
              acc += kernel[k + r] * blurTmp[vv * cw + u];
            }
          }
          canvas[v * cw + u] = acc;
        }
      }
    }
    return new int[] {xmin - r, xmax + r, ymin - r, ymax + r};
  }

  /**
   * Lists the pixels of the box whose bilinear samples touch a non-black canvas value somewhere along the path (the
   * others see constant black: no events); fills {@code active} (pixel index) and {@code activeBase} (canvas index
   * of the pixel at zero offset). Returns how many.
   */
  private int activePixels(int cx0, int cy0, int cw, int ch, int xLo, int xHi, int yLo, int yHi) {
    int sw = cw + 1;
    int size = sw * (ch + 1);
    if (nonZeroSum.length < size) {
      nonZeroSum = new int[size];
    }
    int[] sum = nonZeroSum; // sum[(v + 1) * sw + u + 1] = non-zero count in canvas [0, v] × [0, u]
    Arrays.fill(sum, 0, sw, 0);
    for (int v = 0; v < ch; v++) {
      int rowSum = 0;
      sum[(v + 1) * sw] = 0;
      for (int u = 0; u < cw; u++) {
        rowSum += canvas[v * cw + u] != 0f ? 1 : 0;
        sum[(v + 1) * sw + u + 1] = sum[v * sw + u + 1] + rowSum;
      }
    }
    int n = 0;
    for (int y = yLo; y <= yHi; y++) {
      int v0 = Math.max(0, (int) Math.floor(y - maxY - cy0));
      int v1 = Math.min(ch - 1, (int) Math.floor(y - minY - cy0) + 1);
      for (int x = xLo; x <= xHi; x++) {
        int u0 = Math.max(0, (int) Math.floor(x - maxX - cx0));
        int u1 = Math.min(cw - 1, (int) Math.floor(x - minX - cx0) + 1);
        int count = sum[(v1 + 1) * sw + u1 + 1] - sum[v0 * sw + u1 + 1] - sum[(v1 + 1) * sw + u0] + sum[v0 * sw + u0];
        if (count > 0) {
          active[n] = y * width + x;
          activeBase[n] = y * cw + x;
          n++;
        }
      }
    }
    return n;
  }

  /** Log luminance of the bilinear sample with top-left canvas index q and corner weights w00..w11. */
  private float sample(int q, int cw, float w00, float w01, float w10, float w11) {
    float[] c = canvas;
    float v = w00 * c[q] + w01 * c[q + 1] + w10 * c[q + cw] + w11 * c[q + cw + 1];
    int li = (int) (v * LUT_SIZE + 0.5f);
    if (li > LUT_SIZE) {
      li = LUT_SIZE;
    } else if (li < 0) {
      li = 0;
    }
    return logLut[li];
  }

  /**
   * Renders the frame with the image's top-left corner at (ox, oy) sensor pixels (progress g1) and runs every active
   * pixel from progress g0 (its PREV luminance) to g1; then PREV = the new frame.
   */
  private void step(double ox, double oy, int cx0, int cy0, int cw, double g0, double g1, int nAct) {
    double span = g1 - g0;
    double a = -ox - cx0;
    double b = -oy - cy0;
    int ia = (int) Math.floor(a);
    int ib = (int) Math.floor(b);
    float wx = (float) (a - ia);
    float wy = (float) (b - ib);
    int shift = ib * cw + ia;
    float w00 = (1 - wx) * (1 - wy);
    float w01 = wx * (1 - wy);
    float w10 = (1 - wx) * wy;
    float w11 = wx * wy;
    double[] st = state;
    for (int j = 0; j < nAct; j++) {
      double l1 = sample(activeBase[j] + shift, cw, w00, w01, w10, w11);
      int o = STATE * j;
      double l0 = st[o + PREV];
      st[o + PREV] = l1;
      double rdy = st[o + READY];
      if (rdy >= g1) {
        continue; // refractory through this frame
      }
      double lowB = st[o + LOW];
      double highB = st[o + HIGH];
      if (l0 > lowB && l0 < highB && l1 > lowB && l1 < highB) {
        continue; // the line stays between the thresholds: no event in this frame
      }
      int i = active[j];
      double r = st[o + REF];
      double on = thOn[i];
      double off = thOff[i];
      double slope = (l1 - l0) / span;
      double g = Math.max(rdy, g0);
      while (true) {
        double lg = l0 + slope * (g - g0);
        double ge;
        boolean up;
        if (lg >= r + on) {
          ge = g;
          up = true;
          r = lg;
        } else if (lg <= r - off) {
          ge = g;
          up = false;
          r = lg;
        } else if (slope > 0) {
          ge = g + (r + on - lg) / slope;
          if (ge >= g1) {
            break;
          }
          up = true;
          r += on;
        } else if (slope < 0) {
          ge = g + (r - off - lg) / slope;
          if (ge >= g1) {
            break;
          }
          up = false;
          r -= off;
        } else {
          break;
        }
        double t = timeOf(ge);
        emit(t, i % width, i / width, up != params.decreaseIsP1() ? 1 : 0);
        g = Math.max(progressAt(t + refractoryUs[i]), ge); // never backwards (guards rounding)
        rdy = g;
        if (g >= g1) {
          break;
        }
      }
      st[o + REF] = r;
      st[o + READY] = rdy;
      st[o + LOW] = r - off;
      st[o + HIGH] = r + on;
    }
  }

  /** µs at path progress g (saccade index + progress within it). */
  private double timeOf(double g) {
    int k = Math.min((int) g, saccades - 1);
    double s = g - k;
    if (s > STEEP && s < 1 - STEEP) { // the inverse is smooth here: interpolate it directly
      double u = s * INVERSE;
      int j = (int) u;
      double tau = inverseTable[j] + (u - j) * (inverseTable[j + 1] - inverseTable[j]);
      return (k + tau) * saccadeUs;
    }
    double[] tab = progressTable;
    // the bucket of s bounds the table interval; bisect inside it: tab[lo] <= s < tab[hi], hi = lo + 1
    int q = Math.min((int) (s * BUCKETS), BUCKETS - 1);
    int lo = bucketStart[q];
    int hi = q + 1 < BUCKETS ? bucketStart[q + 1] + 1 : TIME_TABLE;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (tab[mid] <= s) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double f = (s - tab[lo]) / (tab[hi] - tab[lo]);
    if (f > 1) {
      f = 1;
    }
    return (k + (lo + f) / TIME_TABLE) * saccadeUs;
  }

  /** Path progress at µs t; +∞ after the end. Inverse of {@link #timeOf} (same table, linear between entries). */
  private double progressAt(double t) {
    double q = t / saccadeUs;
    if (q >= saccades) {
      return Double.POSITIVE_INFINITY;
    }
    int k = (int) q;
    double tau = (q - k) * TIME_TABLE;
    int j = Math.min((int) tau, TIME_TABLE - 1);
    double f = tau - j;
    return k + progressTable[j] + f * (progressTable[j + 1] - progressTable[j]);
  }

  private void addNoise(SplitMix64 rng) {
    if (noiseTotalPerUs <= 0) {
      return;
    }
    double end = path.durationUs();
    double t = rng.nextExponential() / noiseTotalPerUs;
    while (t < end) {
      double target = rng.nextDouble() * noiseTotalPerUs;
      int lo = 0;
      int hi = noiseCumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (noiseCumulative[mid] > target) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      emit(t, lo % width, lo / width, rng.nextDouble() < 0.5 ? 1 : 0);
      t += rng.nextExponential() / noiseTotalPerUs;
    }
  }

  /** Sorts keys[0, nKeys) ascending: LSD radix sort, 12 bits a pass, as many passes as the largest key needs. */
  private void sortKeys() {
    int n = nKeys;
    long max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, keys[i]);
    }
    if (sortTmp.length < n) {
      sortTmp = new long[keys.length];
    }
    long[] src = keys;
    long[] dst = sortTmp;
    int[] count = new int[1 << 12];
    for (int shift = 0; shift < 64 && (max >>> shift) != 0; shift += 12) {
      Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[(int) (src[i] >>> shift) & 0xFFF]++;
      }
      int sum = 0;
      for (int d = 0; d < count.length; d++) {
        int c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long k = src[i];
        dst[count[(int) (k >>> shift) & 0xFFF]++] = k;
      }
      long[] swap = src;
      src = dst;
      dst = swap;
    }
    if (src != keys) {
      System.arraycopy(src, 0, keys, 0, n);
    }
  }

  private void emit(double tUs, int x, int y, int p) {
    if (nKeys == keys.length) {
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    long t = (long) Math.floor(tUs + 0.5);
    keys[nKeys++] = (t << 17) | ((long) x << 9) | ((long) y << 1) | p;
  }
}
