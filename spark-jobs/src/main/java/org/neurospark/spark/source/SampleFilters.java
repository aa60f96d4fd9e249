package org.neurospark.spark.source;

import org.apache.spark.sql.sources.AlwaysFalse;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.unsafe.types.UTF8String;
import org.neurospark.spark.ingest.SampleSpec;

/**
 * Evaluates Spark's pushed-down filters on the sample columns ({@link EventColumns#SAMPLE_COLUMNS}) of one sample,
 * on the driver, with SQL's three-valued logic: a sample is read only when the filter is true for it. Because those
 * columns are constant within a sample, a filter this class can evaluate is applied exactly and Spark need not
 * evaluate it again.
 */
final class SampleFilters {
  private SampleFilters() {}

  /**
   * True when {@code f} references only sample columns, with values of the column's type, through operators this
   * class evaluates.
   */
  static boolean supported(Filter f) {
    if (f instanceof AlwaysTrue || f instanceof AlwaysFalse) {
      return true;
    }
    if (f instanceof And a) {
      return supported(a.left()) && supported(a.right());
    }
    if (f instanceof Or o) {
      return supported(o.left()) && supported(o.right());
    }
    if (f instanceof Not n) {
      return supported(n.child());
    }
    if (f instanceof IsNull x) {
      return column(x.attribute());
    }
    if (f instanceof IsNotNull x) {
      return column(x.attribute());
    }
    if (f instanceof EqualTo x) {
      return typed(x.attribute(), x.value());
    }
    if (f instanceof EqualNullSafe x) {
      return typed(x.attribute(), x.value());
    }
    if (f instanceof GreaterThan x) {
      return typed(x.attribute(), x.value());
    }
    if (f instanceof GreaterThanOrEqual x) {
      return typed(x.attribute(), x.value());
    }
    if (f instanceof LessThan x) {
      return typed(x.attribute(), x.value());
    }
    if (f instanceof LessThanOrEqual x) {
      return typed(x.attribute(), x.value());
    }
    if (f instanceof In x) {
      for (Object v : x.values()) {
        if (!typed(x.attribute(), v)) {
          return false;
        }
      }
      return column(x.attribute());
    }
    if (f instanceof StringStartsWith x) {
      return stringColumn(x.attribute());
    }
    if (f instanceof StringEndsWith x) {
      return stringColumn(x.attribute());
    }
    if (f instanceof StringContains x) {
      return stringColumn(x.attribute());
    }
    return false;
  }

  /**
   * The value of {@code f} for sample {@code s}: {@link Boolean#TRUE}, {@link Boolean#FALSE} or null (unknown, e.g.
   * a comparison with a null literal). Only for filters {@link #supported}.
   */
  static Boolean evaluate(Filter f, SampleSpec s) {
    if (f instanceof AlwaysTrue) {
      return true;
    }
    if (f instanceof AlwaysFalse) {
      return false;
    }
    if (f instanceof And a) {
      Boolean l = evaluate(a.left(), s);
      Boolean r = evaluate(a.right(), s);
      if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r)) {
        return false;
      }
      return l == null || r == null ? null : true;
    }
    if (f instanceof Or o) {
      Boolean l = evaluate(o.left(), s);
      Boolean r = evaluate(o.right(), s);
      if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) {
        return true;
      }
      return l == null || r == null ? null : false;
    }
    if (f instanceof Not n) {
      Boolean c = evaluate(n.child(), s);
      return c == null ? null : !c;
    }
    if (f instanceof IsNull) {
      return false; // sample columns are never null
    }
    if (f instanceof IsNotNull) {
      return true;
    }
    if (f instanceof EqualTo x) {
      Integer c = compare(value(x.attribute(), s), x.value());
      return c == null ? null : c == 0;
    }
    if (f instanceof EqualNullSafe x) {
      Integer c = compare(value(x.attribute(), s), x.value());
      return c != null && c == 0;
    }
    if (f instanceof GreaterThan x) {
      Integer c = compare(value(x.attribute(), s), x.value());
      return c == null ? null : c > 0;
    }
    if (f instanceof GreaterThanOrEqual x) {
      Integer c = compare(value(x.attribute(), s), x.value());
      return c == null ? null : c >= 0;
    }
    if (f instanceof LessThan x) {
      Integer c = compare(value(x.attribute(), s), x.value());
      return c == null ? null : c < 0;
    }
    if (f instanceof LessThanOrEqual x) {
      Integer c = compare(value(x.attribute(), s), x.value());
      return c == null ? null : c <= 0;
    }
    if (f instanceof In x) {
      Object v = value(x.attribute(), s);
      boolean sawNull = false;
      for (Object candidate : x.values()) {
        Integer c = compare(v, candidate);
        if (c == null) {
          sawNull = true;
        } else if (c == 0) {
          return true;
        }
      }
      return sawNull ? null : false;
    }
    if (f instanceof StringStartsWith x) {
      return x.value() == null ? null : ((String) value(x.attribute(), s)).startsWith(x.value());
    }
    if (f instanceof StringEndsWith x) {
      return x.value() == null ? null : ((String) value(x.attribute(), s)).endsWith(x.value());
    }
    if (f instanceof StringContains x) {
      return x.value() == null ? null : ((String) value(x.attribute(), s)).contains(x.value());
    }
    throw new IllegalArgumentException("filter not supported on sample columns: " + f);
  }

  /** True when every filter is true for {@code s}. */
  static boolean accepts(Iterable<Filter> filters, SampleSpec s) {
    for (Filter f : filters) {
      if (!Boolean.TRUE.equals(evaluate(f, s))) {
        return false;
      }
    }
    return true;
  }

  private static boolean column(String name) {
    return EventColumns.SAMPLE_COLUMNS.contains(name);
  }

  private static boolean stringColumn(String name) {
    return column(name) && !EventColumns.LABEL.equals(name);
  }

  /** A sample column compared with a literal of its type (null literals allowed). */
  private static boolean typed(String name, Object v) {
    if (!column(name)) {
      return false;
    }
    if (v == null) {
      return true;
    }
    return EventColumns.LABEL.equals(name) ? v instanceof Integer : v instanceof String;
  }

  private static Object value(String column, SampleSpec s) {
    return switch (column) {
      case EventColumns.SAMPLE_ID -> s.sampleId();
      case EventColumns.LABEL -> s.label();
      case EventColumns.SPLIT -> s.split();
      case EventColumns.CLASS_NAME -> s.className();
      default -> throw new IllegalArgumentException("not a sample column: " + column);
    };
  }

  /** Spark's ordering of {@code a} and {@code b} (strings: UTF-8 byte order), or null when {@code b} is null. */
  private static Integer compare(Object a, Object b) {
    if (b == null) {
      return null;
    }
    if (a instanceof Integer x) {
      return Integer.compare(x, (Integer) b);
    }
    return UTF8String.fromString((String) a).binaryCompare(UTF8String.fromString((String) b));
  }
}
