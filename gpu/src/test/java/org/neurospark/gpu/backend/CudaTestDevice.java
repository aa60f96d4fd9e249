package org.neurospark.gpu.backend;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CUDA device of a GPU test class (test fixture; register it as a static {@code @RegisterExtension} field): opens
 * {@link CudaBackend#open device 0} once before the class's {@code @BeforeAll} methods (printing
 * "{@code <TestClass> skipped: <reason>}" where that fails), reports each test as skipped, with the reason, where no
 * device could be opened, and closes the backend after the class.
 */
final class CudaTestDevice implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final String skipped;
  private CudaBackend backend;
  private String whyNot;

  /** @param skipped the start of each skipped test's message (the reason follows after ": ") */
  CudaTestDevice(String skipped) {
    this.skipped = skipped;
  }

  /** The opened backend; null where no device could be opened (or before the class started). */
  CudaBackend backend() {
    return backend;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      backend = CudaBackend.open(0);
    } catch (RuntimeException | LinkageError e) {
      whyNot = e.getMessage();
      System.out.println(context.getRequiredTestClass().getSimpleName() + " skipped: " + whyNot);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(backend != null, skipped + ": " + whyNot);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (backend != null) {
      backend.close();
    }
  }
}
