/**
 * Catalogs of published event datasets ({@link org.neurospark.events.dataset.Catalogs}): folder layout, label rule,
 * class names, sensor size, SpikingJelly's reading conventions and splits. Point a catalog at a downloaded folder to
 * get {@link org.neurospark.events.dataset.Sample} records (file, label, split, segment), read them with
 * {@link org.neurospark.events.dataset.SampleEvents}, and split datasets without an official split with
 * {@link org.neurospark.events.dataset.TrainTestSplit}.
 */
package org.neurospark.events.dataset;
