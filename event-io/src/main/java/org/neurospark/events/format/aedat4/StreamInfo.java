package org.neurospark.events.format.aedat4;

/**
 * One output stream declared in the AEDAT 4.0 info XML ({@code <node name="outInfo">/<node name="ID">}).
 *
 * @param id the stream id used in packet headers
 * @param typeIdentifier the flatbuffer identifier of its packets ({@code EVTS}, {@code FRME}, {@code IMUS},
 *     {@code TRIG}, ...)
 * @param sizeX width in pixels for event/frame streams, 0 when not declared
 * @param sizeY height in pixels for event/frame streams, 0 when not declared
 * @param source camera name (e.g. {@code DVXplorer_DXB00010}), "" when not declared
 * @param tsOffset the stream's timestamp offset in µs as declared (informational), 0 when not declared
 */
public record StreamInfo(int id, String typeIdentifier, int sizeX, int sizeY, String source, long tsOffset) {
  /** The polarity-event stream type. */
  public static final String EVENTS = "EVTS";

  public boolean isEvents() {
    return EVENTS.equals(typeIdentifier);
  }
}
