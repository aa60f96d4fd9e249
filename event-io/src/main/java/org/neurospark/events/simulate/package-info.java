/**
 * A DVS simulator that makes an N-MNIST-like event dataset from a still-image dataset (MNIST, Fashion-MNIST IDX
 * files), so the pipeline has a realistic default dataset that needs no download.
 *
 * <p>{@link org.neurospark.events.simulate.NmnistSimulator#run} is the entry point: it reads the IDX folder
 * ({@link org.neurospark.events.simulate.IdxFiles}), moves each image over a 34 × 34 sensor in N-MNIST's three
 * saccades ({@link org.neurospark.events.simulate.SaccadePath}), turns the log luminance each pixel sees into events
 * ({@link org.neurospark.events.simulate.DvsSimulator} with {@link org.neurospark.events.simulate.DvsParameters}:
 * contrast thresholds with per-pixel mismatch, refractory period, background activity, timestamps solved between
 * frames) and writes ATIS {@code .bin} files in N-MNIST's folder layout, atomically, deterministically from a seed.
 * Units: timestamps in µs, positions in sensor pixels, thresholds in natural-log luminance.
 */
package org.neurospark.events.simulate;
