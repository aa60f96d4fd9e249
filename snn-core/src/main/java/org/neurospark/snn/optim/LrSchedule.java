package org.neurospark.snn.optim;

/**
 * A learning-rate schedule as a pure function of the epoch (or step) index, PyTorch's closed forms; being
 * stateless, resuming only needs the index. Compose with {@link #withLinearWarmup}.
 */
@FunctionalInterface
public interface LrSchedule {
  /** Learning rate for epoch {@code e} (0-based) given the base rate. */
  double lr(double baseLr, int e);

  /** Constant rate. */
  static LrSchedule constant() {
    return (b, e) -> b;
  }

  /**
   * {@code CosineAnnealingLR(T_max, eta_min)}: {@code η_min + (base − η_min)(1 + cos(π·e/T_max))/2}.
   */
  static LrSchedule cosine(int tMax, double etaMin) {
    if (tMax < 1) {
      throw new IllegalArgumentException("T_max must be >= 1, got " + tMax);
    }
    return (b, e) -> etaMin + (b - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
  }

  /** {@code StepLR(step_size, gamma)}: {@code base · γ^(e / step_size)} (integer division). */
  static LrSchedule step(int stepSize, double gamma) {
    if (stepSize < 1) {
      throw new IllegalArgumentException("step_size must be >= 1, got " + stepSize);
    }
    return (b, e) -> b * Math.pow(gamma, e / stepSize);
  }

  /**
   * {@code LinearLR(start_factor, 1.0, total_iters=warmup)} for the first {@code warmup} indices, then this
   * schedule shifted by {@code warmup} (PyTorch {@code SequentialLR([LinearLR, this], milestones=[warmup])}):
   * factor {@code start + (1 − start)·e/warmup}.
   */
  default LrSchedule withLinearWarmup(int warmup, double startFactor) {
    if (warmup < 0 || !(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("warm-up needs warmup >= 0 and start factor in (0, 1]");
    }
    LrSchedule after = this;
    return (b, e) -> e < warmup ? b * (startFactor + (1 - startFactor) * e / warmup) : after.lr(b, e - warmup);
  }

  /** Parses "const", "cosine" (T_max = epochs), "step:S:G", with optional ",warmup:W" (start factor 0.1). */
  static LrSchedule parse(String spec, int epochs) {
    String[] parts = spec.split(",");
    LrSchedule s;
    String main = parts[0].trim();
    if (main.equals("const") || main.equals("constant")) {
      s = constant();
    } else if (main.equals("cosine") || main.equals("cosa")) {
      s = cosine(Math.max(1, epochs), 0);
    } else if (main.startsWith("step:")) {
      String[] a = main.split(":");
      s = step(Integer.parseInt(a[1]), a.length > 2 ? Double.parseDouble(a[2]) : 0.1);
    } else {
      throw new IllegalArgumentException("unknown schedule '" + spec + "' (const, cosine, step:S:G [,warmup:W])");
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("warmup:")) {
        s = s.withLinearWarmup(Integer.parseInt(p.substring(7)), 0.1);
      } else {
        throw new IllegalArgumentException("unknown schedule option '" + p + "'");
      }
    }
    return s;
  }
}
