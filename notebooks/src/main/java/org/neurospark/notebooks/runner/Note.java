package org.neurospark.notebooks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Zeppelin note ({@code .zpln}, the JSON Zeppelin 0.12 writes): its name, id and paragraphs, plus the whole JSON
 * document so a run can store its results back in Zeppelin's shape.
 *
 * @param file where it was read from
 * @param name the note's {@code name}
 * @param id the note's {@code id}
 * @param defaultInterpreter the {@code defaultInterpreterGroup} (e.g. {@code spark}): the interpreter of paragraphs
 *     without a {@code %} directive
 * @param paragraphs the paragraphs in order
 * @param json the document as read
 */
public record Note(Path file, String name, String id, String defaultInterpreter, List<Paragraph> paragraphs,
    ObjectNode json) {

  /**
   * One paragraph.
   *
   * @param index 0-based position in the note
   * @param id its {@code id}
   * @param title its {@code title} (may be null)
   * @param interpreter the directive without {@code %}: {@code spark}, {@code spark.sql}, {@code spark.conf},
   *     {@code md}; the note's default interpreter when the text has none
   * @param body the text after the directive
   * @param json the paragraph's JSON object
   */
  public record Paragraph(int index, String id, String title, String interpreter, String body, ObjectNode json) {}

  /**
   * Reads a note.
   *
   * @throws IOException when the file cannot be read or is not a Zeppelin note (the message names the file and,
   *     for a paragraph, its index)
   */
  public static Note read(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a JSON document: " + e.getMessage(), e);
    }
    if (!(root instanceof ObjectNode obj) || !root.path("paragraphs").isArray()) {
      throw new IOException(file + ": not a Zeppelin note (no \"paragraphs\" array)");
    }
    String def = obj.path("defaultInterpreterGroup").asText("spark");
    List<Paragraph> ps = new ArrayList<>();
    int i = 0;
    for (JsonNode p : obj.get("paragraphs")) {
      if (!(p instanceof ObjectNode po)) {
        throw new IOException(file + ": paragraph " + i + " is not an object");
      }
      String text = p.path("text").asText("");
      String interpreter = def;
      String body = text;
      String stripped = text.stripLeading();
      if (stripped.startsWith("%")) {
        int end = 1;
        while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) {
          end++;
        }
        interpreter = stripped.substring(1, end);
        body = stripped.substring(end);
        if (body.startsWith("\n") || body.startsWith(" ")) {
          body = body.substring(1);
        }
      }
      String title = p.hasNonNull("title") ? p.get("title").asText() : null;
      ps.add(new Paragraph(i, p.path("id").asText("paragraph_" + i), title, interpreter, body, po));
      i++;
    }
    String name = obj.path("name").asText(file.getFileName().toString().replaceFirst("\\.zpln$", ""));
    return new Note(file, name, obj.path("id").asText(""), def, List.copyOf(ps), obj);
  }

  /** The note's file name without {@code .zpln}: the base name of its rendered page. */
  public String baseName() {
    return file.getFileName().toString().replaceFirst("\\.zpln$", "");
  }

  /** Reads every {@code *.zpln} in {@code dir}, sorted by file name. */
  public static List<Note> readAll(Path dir) throws IOException {
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".zpln")).sorted().toList();
    }
    List<Note> notes = new ArrayList<>();
    for (Path f : files) {
      notes.add(read(f));
    }
    return notes;
  }
}
