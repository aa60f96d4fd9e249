package org.neurospark.spark.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's {@code docker/} folder, read as files: Dockerfiles, their ignore files, the compose files. */
final class DockerFiles {
  private DockerFiles() {}

  /** One Dockerfile instruction, continuation lines joined. */
  record Instruction(String keyword, String args, int line) {
    /** The arguments split on blanks (shell form) or the JSON array's strings (exec form). */
    List<String> words() {
      String a = args.strip();
      List<String> out = new ArrayList<>();
      if (a.startsWith("[")) {
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(a);
        while (m.find()) {
          out.add(m.group(1));
        }
        return out;
      }
      for (String w : a.split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
      return out;
    }

    /** COPY/ADD: the value of {@code --NAME=VALUE}, or null. */
    String flag(String name) {
      for (String w : words()) {
        if (w.startsWith("--" + name + "=")) {
          return w.substring(name.length() + 3);
        }
      }
      return null;
    }

    /** COPY/ADD: sources (flags left out), the destination last. */
    List<String> paths() {
      return words().stream().filter(w -> !w.startsWith("--")).toList();
    }
  }

  /** The repository root: the folder above spark-jobs (tests run in the module folder). */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("docker")) && Files.isRegularFile(p.resolve("spark-jobs/pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (docker/ and spark-jobs/) above " + here);
  }

  static List<Instruction> parse(Path dockerfile) throws IOException {
    List<String> lines = Files.readAllLines(dockerfile);
    List<Instruction> out = new ArrayList<>();
    StringBuilder cur = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      String t = l.strip();
      if (t.startsWith("#") || (t.isEmpty() && cur == null)) {
        continue; // comments, also between continuation lines, as Docker reads them
      }
      if (cur == null) {
        cur = new StringBuilder();
        start = i + 1;
      }
      boolean more = t.endsWith("\\");
      cur.append(more ? t.substring(0, t.length() - 1) : t).append(' ');
      if (!more) {
        String s = cur.toString().strip();
        int sp = s.indexOf(' ');
        out.add(new Instruction(sp < 0 ? s.toUpperCase() : s.substring(0, sp).toUpperCase(),
            sp < 0 ? "" : s.substring(sp + 1).strip(), start));
        cur = null;
      }
    }
    if (cur != null) {
      throw new IllegalArgumentException(dockerfile + ": ends inside a continued instruction");
    }
    return out;
  }

  /** Default values of the ARGs of a Dockerfile (global and per stage: the last default wins). */
  static Map<String, String> argDefaults(List<Instruction> instructions) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (Instruction i : instructions) {
      if (i.keyword().equals("ARG") && i.args().contains("=")) {
        String a = i.args();
        m.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1).replace("\"", ""));
      }
    }
    return m;
  }

  /** Replaces {@code ${NAME}} by the given values (unknown names stay). */
  static String expand(String s, Map<String, String> values) {
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(b).toString();
  }

  /**
   * Whether {@code path} (relative to the build context, '/'-separated) is sent to the builder under the ignore file
   * (Docker's rules for the patterns these files use: last matching pattern wins, '!' re-includes, a pattern that
   * matches a folder covers everything under it, '*' one path segment, '**' any number).
   */
  static boolean inContext(String path, List<String> ignorePatterns) {
    boolean included = true;
    for (String raw : ignorePatterns) {
      String p = raw.strip();
      if (p.isEmpty() || p.startsWith("#")) {
        continue;
      }
      boolean negate = p.startsWith("!");
      if (negate) {
        p = p.substring(1);
      }
      Pattern re = Pattern.compile(globToRegex(p));
      boolean matches = false;
      String prefix = path;
      while (true) { // the path or one of its parent folders
        if (re.matcher(prefix).matches()) {
          matches = true;
          break;
        }
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
          break;
        }
        prefix = prefix.substring(0, slash);
      }
      // a re-included folder also re-includes the way to it ("!docker/zeppelin" makes "docker" visible to walk into)
      if (!matches && negate && (p + "/").startsWith(path + "/")) {
        matches = true;
      }
      if (matches) {
        included = negate;
      }
    }
    return included;
  }

  private static String globToRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        b.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        b.append("[^/]*");
      } else if (c == '?') {
        b.append("[^/]");
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }
}
