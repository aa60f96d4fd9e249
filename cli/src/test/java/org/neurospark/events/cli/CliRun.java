package org.neurospark.events.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code neurospark events ...} in-process and captures its exit code, stdout and stderr (test helper). */
record CliRun(int code, String out, String err) {
  static CliRun run(String... args) {
    picocli.CommandLine cl = EventsCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
