package org.neurospark.events;

import java.io.Serializable;
import java.util.Objects;

/**
 * Explicit, named reading conventions. The default reads the raw address fields as the file stores them and keeps
 * timestamps as the format defines them.
 *
 * @param rebaseTime subtract the first event's timestamp so the stream starts at t = 0 µs
 * @param flipX mirror columns: x' = width − 1 − x (jAER's DAVIS display convention)
 * @param flipY mirror rows: y' = height − 1 − y (jAER/AEDAT 2 DAVIS rows are stored bottom-up)
 * @param transpose swap x and y (CIFAR10-DVS convention, see EVENT-FORMATS.md)
 * @param invertPolarity p' = 1 − p (jAER's DVS128 convention: raw polarity bit 0 means ON)
 * @param aedat2Layout address layout for AEDAT 2.0; {@link Aedat2Layout#AUTO} takes it from the header's AEChip line
 */
public record ReadOptions(boolean rebaseTime, boolean flipX, boolean flipY, boolean transpose,
    boolean invertPolarity, Aedat2Layout aedat2Layout) implements Serializable {

  /** Raw fields, timestamps as stored, layout from the header. */
  public static final ReadOptions DEFAULT = new ReadOptions(false, false, false, false, false, Aedat2Layout.AUTO);

  public ReadOptions {
    Objects.requireNonNull(aedat2Layout, "aedat2Layout");
  }

  public ReadOptions withRebaseTime(boolean v) {
    return new ReadOptions(v, flipX, flipY, transpose, invertPolarity, aedat2Layout);
  }

  public ReadOptions withFlipX(boolean v) {
    return new ReadOptions(rebaseTime, v, flipY, transpose, invertPolarity, aedat2Layout);
  }

  public ReadOptions withFlipY(boolean v) {
    return new ReadOptions(rebaseTime, flipX, v, transpose, invertPolarity, aedat2Layout);
  }

  public ReadOptions withTranspose(boolean v) {
    return new ReadOptions(rebaseTime, flipX, flipY, v, invertPolarity, aedat2Layout);
  }

  public ReadOptions withInvertPolarity(boolean v) {
    return new ReadOptions(rebaseTime, flipX, flipY, transpose, v, aedat2Layout);
  }

  public ReadOptions withAedat2Layout(Aedat2Layout v) {
    return new ReadOptions(rebaseTime, flipX, flipY, transpose, invertPolarity, v);
  }

  /**
   * jAER's display conventions for AEDAT 2.0 (see EVENT-FORMATS.md §2): x mirrored ({@code x' = width − 1 − rawX});
   * for {@link Aedat2Layout#DVS128} also the inverted polarity (raw bit 0 = 0 means ON). Rows stay as stored (jAER's
   * y = 0 is the bottom row). The layout is fixed explicitly because the polarity rule depends on it.
   *
   * @param layout DVS128 or DAVIS (not AUTO)
   */
  public static ReadOptions jaer(Aedat2Layout layout) {
    if (layout == Aedat2Layout.AUTO) {
      throw new IllegalArgumentException("jaer(): name the layout (DVS128 or DAVIS); its polarity rule depends on it");
    }
    return DEFAULT.withAedat2Layout(layout).withFlipX(true).withInvertPolarity(layout == Aedat2Layout.DVS128);
  }

  /** True when any coordinate or time transform must be applied after decoding. */
  public boolean transformsEvents() {
    return rebaseTime || flipX || flipY || transpose || invertPolarity;
  }

  /** AEDAT 2.0 address layouts. */
  public enum Aedat2Layout {
    /** Decide from the header's {@code # AEChip:} line; DVS128 when absent and every address fits 15 bits. */
    AUTO,
    /** DVS128 / CIFAR10-DVS: x = (a >> 1) & 0x7F, y = (a >> 8) & 0x7F, raw polarity bit = a & 1. */
    DVS128,
    /** DAVIS240/346: bit 31 = 0 for DVS, y = (a >> 22) & 0x1FF, x = (a >> 12) & 0x3FF, p = (a >> 11) & 1. */
    DAVIS
  }
}
