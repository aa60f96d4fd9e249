package org.neurospark.snn.conformance;

/**
 * Outcome of one golden case: passed or not, a one-line detail (largest errors, or why it failed), and the worst
 * relative error seen (NaN when nothing was compared).
 */
public final class CaseResult {
  private final String kind;
  private final String name;
  private final boolean passed;
  private final String detail;
  private final double maxError;

  public CaseResult(String kind, String name, boolean passed, String detail, double maxError) {
    this.kind = kind;
    this.name = name;
    this.passed = passed;
    this.detail = detail;
    this.maxError = maxError;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public boolean passed() {
    return passed;
  }

  public String detail() {
    return detail;
  }

  /** Largest scaled error |a − b| / max(|b|, 1) over the compared values. */
  public double maxError() {
    return maxError;
  }
}
