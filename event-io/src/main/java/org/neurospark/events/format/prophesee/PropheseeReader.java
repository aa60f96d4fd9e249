package org.neurospark.events.format.prophesee;

import java.io.IOException;
import org.neurospark.events.EventFileException;
import org.neurospark.events.ReadOptions;
import org.neurospark.events.io.AbstractEventReader;
import org.neurospark.events.io.ByteSource;
import org.neurospark.events.io.RepeatablePayload;

/**
 * Base of the Prophesee readers (RAW EVT 2.0 / EVT 3.0, DAT): parses the {@code '%'} text header
 * ({@link PropheseeHeader}) when the reader is opened, closing the file if that fails, and derives the repeatable
 * payload range from the data start and the record size. Subclasses decode the words that follow.
 */
public abstract class PropheseeReader extends AbstractEventReader implements RepeatablePayload {
  /** The parsed {@code '%'} header. */
  protected final PropheseeHeader header;

  /** @param source the recording, owned by the reader from here on (closed if this constructor fails) */
  protected PropheseeReader(ByteSource source, ReadOptions options) throws IOException {
    super(source, options);
    try {
      header = PropheseeHeader.read(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The parsed {@code '%'} header. */
  public PropheseeHeader header() {
    return header;
  }

  /**
   * Fails unless the header's {@code % evt} encoding is absent or {@code expected} (e.g. {@code "2.0"}).
   *
   * @param name the format's name for the message, e.g. {@code "EVT 2.0"}
   */
  protected final void requireEncoding(String expected, String name) throws EventFileException {
    String enc = header.encoding();
    if (enc != null && !enc.equals(expected)) {
      throw error(0, "the header declares event encoding " + enc + ", not " + name);
    }
  }

  /** The header's width, or {@code fallback} when it declares no sensor size. */
  protected final int widthOr(int fallback) {
    return header.hasSensorSize() ? header.width() : fallback;
  }

  /** The header's height, or {@code fallback} when it declares no sensor size. */
  protected final int heightOr(int fallback) {
    return header.hasSensorSize() ? header.height() : fallback;
  }

  /** Byte offset of the first event record (after the header and any binary preamble). */
  protected long dataStart() {
    return header.dataStart();
  }

  /** Bytes per record: the payload range holds whole records only. */
  protected abstract int recordBytes();

  @Override
  public Range payloadRange() {
    long start = dataStart();
    long len = in.size() - start;
    return new Range(start, start + len - len % recordBytes());
  }
}
