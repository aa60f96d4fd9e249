/**
 * Flat views of a model's (and optimizer's) state for data-parallel training: {@link
 * org.neurospark.snn.flat.ParameterVector} flattens parameters, buffers and optimizer state to one contiguous
 * float32 array plus a separate array of exact integer counters, following a {@link
 * org.neurospark.snn.flat.FlatLayout} that is plain data, so workers can average vectors and write them back.
 */
package org.neurospark.snn.flat;
