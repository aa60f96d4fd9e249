package org.neurospark.events.format.aedat4;

/**
 * The AEDAT 4.0 IOHeader flatbuffer ({@code table Ioheader { compression:Compression=None;
 * file_data_position:int64=-1; description:string; }}, identifier {@code IOHE}).
 *
 * @param compression codec of every packet body
 * @param dataTablePosition absolute file offset of the FileDataTable (the packets end there), or -1 when the file
 *     has none (packets run to the end of the file)
 * @param description the DV XML tree describing the streams (may be empty)
 */
public record IoHeader(Compression compression, long dataTablePosition, String description) {
  /** The identifier of the IOHeader flatbuffer. */
  public static final String IDENTIFIER = "IOHE";

  /**
   * Decodes the IOHeader in {@code buf[base, limit)} (not size-prefixed).
   *
   * @throws FlatBufferException when the buffer is corrupt or the compression value is unknown
   */
  public static IoHeader parse(byte[] buf, int base, int limit) throws FlatBufferException {
    FlatBufferView v = new FlatBufferView().reset(buf, base, limit);
    int root = v.rootTable();
    int code = v.intField(root, 0, 0);
    Compression c = Compression.fromCode(code);
    if (c == null) {
      throw new FlatBufferException(v.field(root, 0) - base, "unknown compression " + code
          + " (expected 0 none, 1 LZ4, 2 LZ4 high, 3 ZSTD, 4 ZSTD high)");
    }
    long dtp = v.longField(root, 1, -1L);
    String desc = v.string(root, 2);
    return new IoHeader(c, dtp, desc == null ? "" : desc);
  }
}
