package io.vqz.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import io.vqz.format.VqzFormatException;
import io.vqz.format.VqzLimitException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into the one-line messages of the command ({@code vqz: FILE: problem}) and exit codes.
 *
 * @since 0.1
 */
final class Failures {

    private Failures() {
    }

    /** A failure concerning one file; the message is the problem without the file name. */
    static final class FileFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String file;

        FileFailure(String file, String problem, Throwable cause) {
            super(problem, cause);
            this.file = file;
        }

        FileFailure(String file, Throwable cause) {
            this(file, problem(cause), cause);
        }

        String file() {
            return file;
        }
    }

    /** The line {@code vqz: FILE: problem} for a failure concerning {@code file}. */
    static String line(String file, Throwable error) {
        String problem = error instanceof FileFailure ? error.getMessage() : problem(error);
        return "vqz: " + file + ": " + problem;
    }

    /** What went wrong, in words, without the file name. */
    static String problem(Throwable e) {
        if (e instanceof FileFailure) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "no such file";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "exists, use --force to overwrite";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof VqzLimitException) {
            return "too large: " + e.getMessage();
        }
        if (e instanceof VqzFormatException) {
            String m = String.valueOf(e.getMessage());
            return m.startsWith("not a") ? m : "corrupt .vqz file: " + m;
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (raise the heap: VQZ_JAVA_OPTS=-Xmx8g, or decode a --region or at --scale 1/8)";
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        } else if (!(e instanceof java.io.IOException) && !(e instanceof IllegalArgumentException)) {
            msg = e.getClass().getSimpleName() + ": " + msg;
        }
        return msg.replace('\n', ' ').strip();
    }

    /** Prints the one-line report of a failure and, with {@code --debug}, its stack trace. */
    static void report(PrintWriter err, String file, Throwable e, boolean debug) {
        err.println(file == null ? "vqz: " + problem(e) : line(file, e));
        if (debug) {
            Throwable t = e instanceof FileFailure && e.getCause() != null ? e.getCause() : e;
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        }
        err.flush();
    }

    /** picocli's handler for usage errors: the message, a hint, exit code 2. */
    static int handleUsage(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("vqz: " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return VqzCommand.EXIT_USAGE;
    }

    /** picocli's handler for exceptions escaping a command: one line, exit code 1. */
    static int handleExecution(Exception ex, CommandLine cl, ParseResult parsed) {
        boolean debug = false;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            debug |= p.hasMatchedOption("--debug");
        }
        String file = ex instanceof FileFailure ff ? ff.file() : null;
        report(cl.getErr(), file, ex, debug);
        return VqzCommand.EXIT_FAILURE;
    }
}
