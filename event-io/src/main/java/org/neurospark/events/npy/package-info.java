/**
 * NumPy file I/O: {@code .npy} headers of format 1.0/2.0/3.0 ({@link org.neurospark.events.npy.NpyHeader}), scalar
 * dtypes bool/i1…i8/u1…u8/f4/f8 in both byte orders and structured dtypes with named fields and offsets, C and
 * Fortran order; streaming element input ({@link org.neurospark.events.npy.NpyInput}) from files and from stored
 * or deflated {@code .npz} entries ({@link org.neurospark.events.npy.NpzFile}, CRC-checked); writers for float32
 * arrays and archives. Problems raise {@link org.neurospark.events.EventFileException} with file and byte offset.
 */
package org.neurospark.events.npy;
