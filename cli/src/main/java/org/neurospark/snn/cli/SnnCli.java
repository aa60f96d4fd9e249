package org.neurospark.snn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code neurospark snn ...}: spiking-network tools (conformance against golden SpikingJelly tensors, ...). The only
 * class of snn-core that may end the JVM (in {@link #main}); subcommands return exit codes.
 */
@Command(name = "neurospark snn", mixinStandardHelpOptions = true,
    description = "Spiking neural networks: conformance, training, evaluation, benchmarks.",
    subcommands = {ConformanceCommand.class, TrainCommand.class, EvalCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class SnnCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with Neurospark's error handling (message + exit code 1 on bad input). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SnnCli());
    // the benchmark suites parse their own options: hand them over verbatim and in order
    cl.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
    cl.setExecutionExceptionHandler(org.neurospark.cli.support.ErrorMessages.handler());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(org.neurospark.cli.support.ErrorMessages.execute(commandLine(), args));
  }
}
