package dev.sentinelforwarder.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * What every command shares: where it writes, {@code --help}, and {@code --debug}. {@link #call()} returns the exit
 * status; a usage problem found after parsing is a {@link UsageException}, a failure the user can act on a
 * {@link CommandFailedException}, each printed by {@link Main} as one line.
 */
abstract class ToolCommand implements Callable<Integer> {
    /** Set by {@link Main} before the command runs. */
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--debug", description = "on an unexpected error, print its stack trace too")
    boolean debug;
}
