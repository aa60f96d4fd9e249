/**
 * Event augmentations and filters with tonic's semantics, streaming over {@link org.neurospark.events.EventBatch}
 * columns in place (no per-event objects): {@link org.neurospark.events.transform.Downsample},
 * {@link org.neurospark.events.transform.Crop}, {@link org.neurospark.events.transform.Flip},
 * {@link org.neurospark.events.transform.MergePolarities},
 * {@link org.neurospark.events.transform.RefractoryPeriod}, {@link org.neurospark.events.transform.Denoise},
 * {@link org.neurospark.events.transform.DropEvents}, {@link org.neurospark.events.transform.DropByTime},
 * {@link org.neurospark.events.transform.DropByArea}, {@link org.neurospark.events.transform.TimeJitter},
 * {@link org.neurospark.events.transform.TimeSkew}, {@link org.neurospark.events.transform.UniformNoise},
 * {@link org.neurospark.events.transform.SpatialJitter}. Random ones take a seed; stateful ones keep per-pixel
 * history across batches until {@code reset()}. {@link org.neurospark.events.transform.Compose} chains them and
 * parses one-line specs ({@link org.neurospark.events.transform.TransformSpec}).
 * {@link org.neurospark.events.bench.TransformBench} measures their throughput.
 */
package org.neurospark.events.transform;
