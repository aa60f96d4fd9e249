package org.neurospark.events.format.aedat4;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Parses the DV XML tree of an AEDAT 4.0 IOHeader into {@link StreamInfo}s: under {@code <node name="outInfo">},
 * each child {@code <node name="ID">} has attrs {@code typeIdentifier}, {@code compression}, and an {@code info} child
 * node with {@code sizeX}, {@code sizeY}, {@code source}, {@code tsOffset}. External entities and DTDs are disabled.
 */
public final class InfoXml {
  private InfoXml() {}

  /**
   * The declared streams in document order.
   *
   * @throws IllegalArgumentException when the XML is malformed or an attribute value is not a number where one is
   *     expected
   */
  public static List<StreamInfo> streams(String xml) {
    List<StreamInfo> out = new ArrayList<>();
    String s = xml.strip();
    // DV terminates the string with a NUL in some versions
    while (!s.isEmpty() && s.charAt(s.length() - 1) == '\0') {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty()) {
      return out;
    }
    Element root;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      root = b.parse(new InputSource(new StringReader(s))).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("malformed info XML: " + e.getMessage(), e);
    }
    Element outInfo = childNode(root, "outInfo");
    if (outInfo == null) {
      return out;
    }
    for (Element stream : childNodes(outInfo)) {
      String name = stream.getAttribute("name");
      int id;
      try {
        id = Integer.parseInt(name.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("outInfo stream node name '" + name + "' is not an integer id");
      }
      String type = attr(stream, "typeIdentifier");
      Element info = childNode(stream, "info");
      int sx = 0;
      int sy = 0;
      String source = "";
      long tsOffset = 0;
      if (info != null) {
        sx = (int) number(info, "sizeX", name);
        sy = (int) number(info, "sizeY", name);
        String src = attr(info, "source");
        source = src == null ? "" : src;
        tsOffset = number(info, "tsOffset", name);
      }
      out.add(new StreamInfo(id, type == null ? "" : type.trim(), sx, sy, source, tsOffset));
    }
    return out;
  }

  private static long number(Element node, String key, String stream) {
    String v = attr(node, key);
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("stream " + stream + ": " + key + " = '" + v + "' is not an integer");
    }
  }

  private static String attr(Element node, String key) {
    NodeList kids = node.getChildNodes();
    for (int i = 0; i < kids.getLength(); i++) {
      Node k = kids.item(i);
      if (k instanceof Element e && "attr".equals(e.getTagName()) && key.equals(e.getAttribute("key"))) {
        return e.getTextContent();
      }
    }
    return null;
  }

  private static Element childNode(Element parent, String name) {
    for (Element e : childNodes(parent)) {
      if (name.equals(e.getAttribute("name"))) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> childNodes(Element parent) {
    List<Element> out = new ArrayList<>();
    NodeList kids = parent.getChildNodes();
    for (int i = 0; i < kids.getLength(); i++) {
      if (kids.item(i) instanceof Element e && "node".equals(e.getTagName())) {
        out.add(e);
      }
    }
    return out;
  }
}
