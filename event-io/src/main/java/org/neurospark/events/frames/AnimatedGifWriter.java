package org.neurospark.events.frames;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated, endlessly looping GIF frame by frame with {@code javax.imageio}: each image carries a
 * Graphic Control Extension with the frame delay, the first a NETSCAPE2.0 application extension with loop count 0.
 */
public final class AnimatedGifWriter implements Closeable {
  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private final ImageWriter writer;
  private final ImageOutputStream out;
  private final int delayCentis;
  private boolean first = true;
  private int frames;

  /** @param delayMs delay per frame in milliseconds (GIF stores hundredths of a second, at least 1) */
  public AnimatedGifWriter(Path file, int delayMs) throws IOException {
    Iterator<ImageWriter> it = ImageIO.getImageWritersBySuffix("gif");
    if (!it.hasNext()) {
      throw new IOException("no GIF writer in this JVM");
    }
    writer = it.next();
    out = ImageIO.createImageOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    writer.setOutput(out);
    writer.prepareWriteSequence(null);
    delayCentis = Math.max(1, Math.round(delayMs / 10f));
  }

  /** Appends one image. */
  public void append(BufferedImage img) throws IOException {
    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("transparentColorFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(delayCentis));
    gce.setAttribute("transparentColorIndex", "0");
    if (img.getColorModel() instanceof IndexColorModel icm) {
      // the image's own palette as the frame's local colour table: without one, readers use the global table the
      // writer made up for the sequence, and an indexed frame shows in unrelated colours
      localColorTable(child(root, "LocalColorTable"), icm);
    }
    if (first) {
      IIOMetadataNode apps = child(root, "ApplicationExtensions");
      IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
      app.setAttribute("applicationID", "NETSCAPE");
      app.setAttribute("authenticationCode", "2.0");
      app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
      apps.appendChild(app);
      first = false;
    }
    meta.setFromTree(FORMAT, root);
    writer.writeToSequence(new IIOImage(img, null, meta), null);
    frames++;
  }

  /** Images written so far. */
  public int frames() {
    return frames;
  }

  private static void localColorTable(IIOMetadataNode table, IndexColorModel icm) {
    while (table.getFirstChild() != null) {
      table.removeChild(table.getFirstChild());
    }
    int size = 2;
    while (size < icm.getMapSize()) {
      size *= 2; // GIF tables hold 2, 4, ..., 256 entries
    }
    table.setAttribute("sizeOfLocalColorTable", Integer.toString(size));
    table.setAttribute("sortFlag", "FALSE");
    for (int i = 0; i < size; i++) {
      int rgb = i < icm.getMapSize() ? icm.getRGB(i) : 0;
      IIOMetadataNode e = new IIOMetadataNode("ColorTableEntry");
      e.setAttribute("index", Integer.toString(i));
      e.setAttribute("red", Integer.toString((rgb >> 16) & 255));
      e.setAttribute("green", Integer.toString((rgb >> 8) & 255));
      e.setAttribute("blue", Integer.toString(rgb & 255));
      table.appendChild(e);
    }
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode n = new IIOMetadataNode(name);
    root.appendChild(n);
    return n;
  }

  @Override
  public void close() throws IOException {
    try {
      if (frames > 0) {
        writer.endWriteSequence();
      }
    } finally {
      out.close();
      writer.dispose();
    }
  }
}
