package org.neurospark.spark.frames;

import org.neurospark.events.frames.DurationMode;
import org.neurospark.events.frames.SplitBy;
import org.neurospark.spark.cli.UsageException;

/**
 * Parameters of a {@code frames} run: either a fixed number of frames ({@code frames > 0}, SpikingJelly's
 * {@code integrate_events_by_fixed_frames_number} with {@code splitBy}) or a fixed duration ({@code durationUs > 0},
 * {@code integrate_events_by_fixed_duration} with {@code durationMode}).
 *
 * @param tables the tables folder (reads {@code samples/}, {@code events/}; writes {@code frames/})
 * @param frames T, or 0 in duration mode
 * @param splitBy how T frames split a sample (number: equal event counts; time: equal time slices)
 * @param durationUs frame duration in µs, or 0 in frames-number mode
 * @param durationMode which SpikingJelly duration algorithm ({@link DurationMode#UPSTREAM} by default)
 * @param storage dense or sparse
 * @param width sensor width in pixels for samples whose catalog and file declare none (0 = not given)
 * @param height sensor height in pixels for samples whose catalog and file declare none (0 = not given)
 */
public record FramesOptions(String tables, int frames, SplitBy splitBy, long durationUs, DurationMode durationMode,
    FrameStorage storage, int width, int height) implements java.io.Serializable {

  public FramesOptions {
    if ((frames > 0) == (durationUs > 0)) {
      throw new UsageException("give either -T N (with --split-by number|time) or --duration US, not both or none");
    }
    if (frames < 0 || durationUs < 0 || width < 0 || height < 0) {
      throw new UsageException("-T, --duration, --width and --height must be positive");
    }
    if ((width > 0) != (height > 0)) {
      throw new UsageException("give --width and --height together");
    }
    if (frames > 0 && splitBy == null) {
      throw new UsageException("-T needs --split-by number|time");
    }
  }

  /** The parameters as one JSON object (recorded in the frames commit's userMetadata). */
  public String toJson() {
    return frames > 0
        ? "{\"T\":" + frames + ",\"split_by\":\"" + splitBy.id() + "\",\"storage\":\"" + storage.id() + "\"}"
        : "{\"duration_us\":" + durationUs + ",\"duration_mode\":\"" + durationMode.id() + "\",\"storage\":\""
            + storage.id() + "\"}";
  }
}
