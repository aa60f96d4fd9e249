package org.neurospark.events.io;

/**
 * Implemented by readers whose file is a header followed by a run of self-contained records that may be concatenated
 * any number of times and still decode (used by {@code events bench} to build long in-memory streams from short
 * fixtures). Readers that cannot promise this simply do not implement it; the benchmark then re-reads the whole file.
 */
public interface RepeatablePayload {
  /**
   * Byte range {@code [start, end)} of the repeatable data section: {@code start} is the first data byte after the
   * header, {@code end − start} a whole number of records (any partial trailing record excluded).
   */
  Range payloadRange();

  /**
   * A byte range of a file.
   *
   * @param start first byte, inclusive
   * @param end last byte, exclusive
   */
  record Range(long start, long end) {
    public Range {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
      }
    }

    /** Length in bytes. */
    public long length() {
      return end - start;
    }
  }
}
