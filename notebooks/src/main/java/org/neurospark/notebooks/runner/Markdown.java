package org.neurospark.notebooks.runner;

import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.List;

/** {@code %md}: Markdown (CommonMark with GitHub tables) to HTML with flexmark, as Zeppelin's Markdown interpreter. */
public final class Markdown {
  private static final MutableDataSet OPTIONS = new MutableDataSet()
      .set(Parser.EXTENSIONS, List.of(TablesExtension.create()));
  private static final Parser PARSER = Parser.builder(OPTIONS).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder(OPTIONS).build();

  private Markdown() {}

  /** The HTML of {@code markdown}. */
  public static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown));
  }
}
