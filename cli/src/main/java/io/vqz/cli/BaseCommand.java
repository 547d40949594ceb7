package io.vqz.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: its streams and the {@code --debug} flag.
 *
 * @since 0.1
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    VqzCommand parent;

    /** Text results (stdout). */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Statistics, progress and errors (stderr). */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The binary standard output, for {@code -o -}. */
    final OutputStream stdout() {
        out().flush();
        return parent != null ? parent.stdout() : System.out;
    }

    /** Whether {@code --debug} was given, before or after the command name. */
    final boolean debug() {
        for (CommandLine cl = spec.commandLine(); cl != null; cl = cl.getParent()) {
            if (cl.getParseResult() != null && cl.getParseResult().hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** A usage error (exit code 2) with {@code message}. */
    final CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
