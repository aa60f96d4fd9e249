package org.neurospark.snn.conformance;

/**
 * Outcome of one golden case: passed or not, a one-line detail (largest errors, or why it failed), and the worst
 * relative error seen (NaN when nothing was compared). A case that cannot run on the chosen backend (it provides no
 * kernels for the model) is a failed result marked {@link #unsupported()}, never a skipped or passed one.
 */
public final class CaseResult {
  private final String kind;
  private final String name;
  private final boolean passed;
  private final String detail;
  private final double maxError;
  private final boolean unsupported;

  public CaseResult(String kind, String name, boolean passed, String detail, double maxError) {
    this(kind, name, passed, detail, maxError, false);
  }

  private CaseResult(String kind, String name, boolean passed, String detail, double maxError, boolean unsupported) {
    this.kind = kind;
    this.name = name;
    this.passed = passed;
    this.detail = detail;
    this.maxError = maxError;
    this.unsupported = unsupported;
  }

  /** A failed result: the case could not run on {@code backend}, for {@code reason} (nothing was compared). */
  public static CaseResult unsupported(String kind, String name, String backend, String reason) {
    return new CaseResult(kind, name, false, "unsupported on backend " + backend + ": " + reason, Double.NaN, true);
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

  /** True for a case that could not run on the chosen backend (then {@link #passed()} is false). */
  public boolean unsupported() {
    return unsupported;
  }

  /** Largest scaled error |a − b| / max(|b|, 1) over the compared values. */
  public double maxError() {
    return maxError;
  }
}
