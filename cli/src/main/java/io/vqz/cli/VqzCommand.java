package io.vqz.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code vqz} command: the entry point of the executable jar. Each subcommand is one class in this
 * package; adding one is a single entry in {@link #COMMANDS}.
 * <p>
 * Exit codes: 0 success, 1 failure (a file could not be read, decoded or written), 2 usage error. Errors are
 * one line on stderr, {@code vqz: FILE: problem}; {@code --debug} adds the stack trace.
 * <p>
 * Not thread-safe: one instance per invocation.
 *
 * @since 0.1
 */
@Command(name = "vqz",
        mixinStandardHelpOptions = true,
        versionProvider = VqzVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "VQZ: a learned (VQ-VAE + PixelCNN) image codec.%n",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Exit status: 0 success, 1 failure, 2 usage error.",
                "Run 'vqz COMMAND --help' for the options of a command."})
public final class VqzCommand implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(EncodeCommand.class, DecodeCommand.class,
            InfoCommand.class, TrimCommand.class, ScoreCommand.class, SampleCommand.class, ViewCommand.class,
            BenchLauncher.class, WarmupCommand.class, CommandLine.HelpCommand.class);

    /** Exit code of a failed run (a file could not be read, decoded or written). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a usage error (picocli's default for invalid input). */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    private boolean debug;

    private final InputStream stdin;
    private final OutputStream stdout;

    /** A command reading {@code -} from {@code System.in} and writing {@code -o -} to {@code System.out}. */
    public VqzCommand() {
        this(System.in, System.out);
    }

    /**
     * @param stdin  what the input {@code -} reads
     * @param stdout where {@code -o -} writes; the same stream the command line's text output goes to
     */
    public VqzCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    /** The standard input (the input {@code -}). */
    InputStream stdin() {
        return stdin;
    }

    /** The binary standard output ({@code -o -}). */
    OutputStream stdout() {
        return stdout;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: encode, decode, info, trim, score or sample");
    }

    /**
     * A command line writing to the given streams, with VQZ's error handling: usage errors give exit code 2,
     * failures one line and exit code 1.
     *
     * @param stdout the standard output: text results and the binary output of {@code -o -}
     * @param stderr the standard error: statistics, progress and errors
     */
    public static CommandLine commandLine(OutputStream stdout, OutputStream stderr) {
        return commandLine(System.in, stdout, stderr);
    }

    /**
     * A command line reading the input {@code -} from {@code stdin}, otherwise as
     * {@link #commandLine(OutputStream, OutputStream)}.
     */
    public static CommandLine commandLine(InputStream stdin, OutputStream stdout, OutputStream stderr) {
        return commandLine(COMMANDS, stdin, stdout, stderr);
    }

    /** picocli's system property: regular expressions of the classes whose built-in converters it does not load. */
    static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    /**
     * The command line for these arguments: with only the subcommand they name when they name one (picocli describes
     * every registered command by reflection before it parses anything, about 60 ms of a cold start for the ten of
     * them), otherwise with all of them (the usage and {@code vqz help} list them).
     */
    static CommandLine commandLine(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        // no option takes a date, a time or a JDBC type: picocli then skips loading those modules' classes for its
        // converters (about 10 ms of every command's start)
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.sql\\..*,java\\.time\\..*");
        }
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            // help needs the others to describe them
            if (named != null && c != CommandLine.HelpCommand.class
                    && (command.name().equals(named) || List.of(command.aliases()).contains(named))) {
                return commandLine(List.of(c), stdin, stdout, stderr);
            }
        }
        return commandLine(stdin, stdout, stderr);
    }

    private static CommandLine commandLine(List<Class<?>> commands, InputStream stdin, OutputStream stdout,
                                           OutputStream stderr) {
        CommandLine cl = new CommandLine(new VqzCommand(stdin, stdout));
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Failures::handleUsage);
        cl.setExecutionExceptionHandler(Failures::handleExecution);
        return cl;
    }

    /** Runs the command with the arguments and exits with its exit code. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        int code = commandLine(args, System.in, out, System.err).execute(args);
        out.flush();
        System.exit(code);
    }
}
