/**
 * Cutting event streams in one pass, memory bounded by the open window: time and count windows with overlap
 * ({@link org.neurospark.events.slicing.TimeSlicer}, {@link org.neurospark.events.slicing.CountSlicer}, tonic's
 * slicers), SpikingJelly's fixed-duration windows ({@link org.neurospark.events.slicing.SpikingJellyDurationSlicer})
 * integrated to frames by {@link org.neurospark.events.slicing.WindowFrames}, labelled segments of DVS128 Gesture
 * label files ({@link org.neurospark.events.slicing.LabelCsv}, {@link org.neurospark.events.slicing.SegmentSlicer},
 * written as npz samples by {@link org.neurospark.events.slicing.SampleNpzWriter}), and SpikingJelly's padding of
 * variable-length frame sequences ({@link org.neurospark.events.slicing.Padding}).
 */
package org.neurospark.events.slicing;
