package org.neurospark.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;
import org.junit.jupiter.api.Test;
import org.neurospark.spark.ingest.SampleSpec;

/** Pushed filters on sample columns: which are taken, and SQL's three-valued logic on one sample. */
class SampleFiltersTest {
  private static final SampleSpec S = new SampleSpec("Test/7/test7.bin", "nmnist", "test", 7, "7",
      "/data/Test/7/test7.bin", -1, -1, "test7", 34, 34);

  @Test
  void onlySampleColumnsWithLiteralsOfTheirTypeArePushed() {
    assertTrue(SampleFilters.supported(new EqualTo("label", 7)));
    assertTrue(SampleFilters.supported(new In("sample_id", new Object[] {"a", "b"})));
    assertTrue(SampleFilters.supported(new And(new EqualTo("split", "test"), new Not(new IsNull("class_name")))));
    assertFalse(SampleFilters.supported(new GreaterThan("t", 5L)), "event columns are left to Spark");
    assertFalse(SampleFilters.supported(new Or(new EqualTo("label", 7), new EqualTo("x", (short) 3))));
    assertFalse(SampleFilters.supported(new EqualTo("label", "7")), "a string literal on the int column");
    assertFalse(SampleFilters.supported(new StringStartsWith("label", "7")));
    assertFalse(SampleFilters.supported(new In("label", new Object[] {7, 8L})));
  }

  @Test
  void threeValuedLogic() {
    assertEquals(true, SampleFilters.evaluate(new EqualTo("label", 7), S));
    assertEquals(false, SampleFilters.evaluate(new GreaterThan("label", 7), S));
    assertEquals(true, SampleFilters.evaluate(new LessThanOrEqual("split", "train"), S));
    assertEquals(true, SampleFilters.evaluate(new StringEndsWith("sample_id", "/test7.bin"), S));
    assertNull(SampleFilters.evaluate(new EqualTo("label", null), S));
    assertNull(SampleFilters.evaluate(new Not(new EqualTo("label", null)), S));
    assertEquals(false, SampleFilters.evaluate(new EqualNullSafe("label", null), S));
    assertEquals(true, SampleFilters.evaluate(new Or(new EqualTo("label", null), new EqualTo("split", "test")), S));
    assertEquals(false, SampleFilters.evaluate(new And(new EqualTo("label", null), new EqualTo("split", "x")), S));
    assertNull(SampleFilters.evaluate(new In("label", new Object[] {1, null}), S));
    assertEquals(true, SampleFilters.evaluate(new In("label", new Object[] {null, 7}), S));
    assertEquals(true, SampleFilters.evaluate(new IsNotNull("class_name"), S));
    assertFalse(SampleFilters.accepts(List.<Filter>of(new Not(new EqualTo("label", null))), S),
        "unknown is not true: the sample is pruned");
    assertTrue(SampleFilters.accepts(List.<Filter>of(new EqualTo("label", 7), new EqualTo("class_name", "7")), S));
  }
}
