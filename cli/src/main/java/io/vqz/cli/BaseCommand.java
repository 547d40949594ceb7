package io.vqz.cli;

import io.vqz.codec.ModelBundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
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

    /** The standard input, for the input {@code -}. */
    final InputStream stdin() {
        return parent != null ? parent.stdin() : System.in;
    }

    /** Whether {@code input} is {@code -}, standard input. */
    static boolean isStdin(Path input) {
        return AtomicOutput.STDOUT.equals(input.toString());
    }

    /** Opens {@code input}: the file, or standard input for {@code -} (left open when the stream closes). */
    final InputStream open(Path input) throws IOException {
        if (isStdin(input)) {
            return new FilterInputStream(stdin()) {
                @Override
                public void close() {
                    // standard input stays open
                }
            };
        }
        if (Files.isDirectory(input)) {
            throw new FileSystemException(input.toString(), null, "is a directory");
        }
        return Files.newInputStream(input);
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

    /**
     * The threads each file gets, for its tiles and for its network runs alike (ONNX Runtime's threads otherwise
     * number the cores and pin themselves to them, so {@code -t 1} under {@code taskset} would still use two): sets
     * {@link ModelBundle#NETWORK_THREADS} before the first network loads, unless the JVM was started with it.
     */
    static int threadsPerFile(int threads, int workers) {
        int each = Math.max(1, threads / workers);
        if (System.getProperty(ModelBundle.NETWORK_THREADS) == null) {
            System.setProperty(ModelBundle.NETWORK_THREADS, Integer.toString(each));
        }
        return each;
    }

    /** A usage error (exit code 2) with {@code message}. */
    final CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * A 0–100 % bar on standard error for one long coding, or null: only on a terminal, never in batch mode
     * (which has its own bar) or with --quiet.
     */
    static ProgressBar progressBar(String task, boolean show) {
        return show && System.console() != null
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(100).setUpdateIntervalMillis(250)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build()
                : null;
    }
}
