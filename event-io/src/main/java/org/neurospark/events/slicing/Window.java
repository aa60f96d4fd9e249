package org.neurospark.events.slicing;

/**
 * One slice of a stream.
 *
 * @param index 0-based window number
 * @param tStartUs window start (µs, inclusive); for count windows the first event's time
 * @param tEndUs window end (µs, exclusive); for count windows the last event's time + 1
 * @param firstEvent stream index (0-based, after transforms) of the window's first event
 * @param count number of events in the window
 */
public record Window(long index, long tStartUs, long tEndUs, long firstEvent, int count) {}
