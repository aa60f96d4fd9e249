package org.neurospark.spark.frames;

import java.io.Serializable;

/**
 * What the frames job needs to know of a sample besides its events.
 *
 * @param label class index
 * @param split train / test / none
 * @param height sensor rows (pixels)
 * @param width sensor columns (pixels)
 * @param events number of events the samples table records (checked against the events rows)
 */
record SampleShape(int label, String split, int height, int width, long events) implements Serializable {}
