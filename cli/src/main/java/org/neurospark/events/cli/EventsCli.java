package org.neurospark.events.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code neurospark events ...}: inspect, convert, integrate and benchmark event recordings. The only class of
 * event-io that may end the JVM (in {@link #main}); subcommands return exit codes.
 */
@Command(name = "neurospark events", mixinStandardHelpOptions = true,
    description = "Read event-camera recordings (AEDAT 2/3.1/4, ATIS .bin, Prophesee EVT2/EVT3/DAT, .npz/.npy).",
    subcommands = {InfoCommand.class, ConvertCommand.class, FramesCommand.class, BenchCommand.class,
        DatasetCommand.class, SliceCommand.class, BenchTransformsCommand.class, SimulateCommand.class,
        CommandLine.HelpCommand.class})
public final class EventsCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with Neurospark's error handling (message + exit code 1 on bad input). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new EventsCli());
    cl.setExecutionExceptionHandler(org.neurospark.cli.support.ErrorMessages.handler());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(org.neurospark.cli.support.ErrorMessages.execute(commandLine(), args));
  }
}
