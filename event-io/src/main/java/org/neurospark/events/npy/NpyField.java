package org.neurospark.events.npy;

/**
 * One field of a structured (record) dtype.
 *
 * @param name field name ({@code ""} for anonymous padding)
 * @param dtype its scalar dtype
 * @param offset byte offset of the field inside one record
 */
public record NpyField(String name, NpyDtype dtype, int offset) {}
