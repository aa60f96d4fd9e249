package org.neurospark.events.simulate;

/**
 * The pixel model of the simulated DVS (an ideal differencing pixel as in ESIM and v2e): each pixel sees the
 * log luminance {@code L = ln(black + (1 − black) · I)} of the image intensity {@code I ∈ [0, 1]} (grey level / 255)
 * under it; it fires an event when {@code L} moved by its contrast threshold from the value memorised at its last
 * event, then memorises the new value and stays blind for its refractory period. Pixels differ: thresholds and
 * refractory periods carry per-pixel Gaussian mismatch, background activity (leak and shot noise, modelled together
 * as a Poisson process of random polarity) a per-pixel log-normal rate.
 *
 * @param thresholdOn mean ON contrast threshold, natural-log units (0.3 ≈ a 35 % brightening)
 * @param thresholdOff mean OFF contrast threshold, natural-log units
 * @param thresholdMismatch per-pixel standard deviation of the thresholds, as a fraction of the mean (0.1 = 10 %)
 * @param refractoryUs mean refractory period after an event, µs
 * @param refractoryMismatch per-pixel standard deviation of the refractory period, as a fraction of the mean
 * @param backgroundRateHz mean background-activity rate per pixel, events per second
 * @param backgroundRateSpread standard deviation of the natural log of the per-pixel background rate
 * @param blackLevel luminance of grey level 0 relative to grey level 255 (a monitor's black is not black), in (0, 1)
 * @param blurSigmaPx standard deviation of the optics' Gaussian point-spread function, sensor pixels (0 = none)
 * @param frameStepPx largest image displacement between two simulated frames, pixels; the log luminance is
 *     interpolated linearly between frames and event times are solved on that line (sub-frame timestamps)
 * @param decreaseIsP1 the polarity bit convention: true writes p = 1 for log-luminance decreases, as N-MNIST's
 *     files do for its white-on-black digits (in the downward first saccade of the shared N-MNIST samples the p = 1
 *     events lie 3–5 px above the p = 0 events, on the trailing edges, where the stroke leaves); false writes
 *     p = 1 for increases (the usual DVS ON convention)
 */
public record DvsParameters(double thresholdOn, double thresholdOff, double thresholdMismatch, double refractoryUs,
    double refractoryMismatch, double backgroundRateHz, double backgroundRateSpread, double blackLevel,
    double blurSigmaPx, double frameStepPx, boolean decreaseIsP1) {

  /** Values calibrated against the shared N-MNIST test samples (event counts, burst lengths, noise floor). */
  public static final DvsParameters NMNIST = new DvsParameters(0.36, 0.36, 0.1, 1200, 0.2, 0.3, 0.5, 0.08, 0.5,
      0.25, true);

  public DvsParameters {
    if (!(thresholdOn > 0) || !(thresholdOff > 0)) {
      throw new IllegalArgumentException("contrast thresholds must be > 0 (got " + thresholdOn + ", "
          + thresholdOff + ")");
    }
    if (!(thresholdMismatch >= 0) || !(refractoryMismatch >= 0) || !(backgroundRateSpread >= 0)) {
      throw new IllegalArgumentException("mismatch and spread must be >= 0");
    }
    if (!(refractoryUs >= 0) || !(backgroundRateHz >= 0)) {
      throw new IllegalArgumentException("refractory period and background rate must be >= 0");
    }
    if (!(blackLevel > 0 && blackLevel < 1)) {
      throw new IllegalArgumentException("black level must be in (0, 1), got " + blackLevel);
    }
    if (!(blurSigmaPx >= 0 && blurSigmaPx <= 8)) {
      throw new IllegalArgumentException("blur sigma must be in [0, 8] px, got " + blurSigmaPx);
    }
    if (!(frameStepPx > 0 && frameStepPx <= 1)) {
      throw new IllegalArgumentException("frame step must be in (0, 1] px, got " + frameStepPx);
    }
  }
}
