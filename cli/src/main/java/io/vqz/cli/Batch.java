package io.vqz.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs one task per input file, several files in parallel: a progress bar on a terminal, one line per file
 * otherwise. A failed file is reported in one line and the others go on; the exit code is then 1.
 *
 * @since 0.1
 */
final class Batch {

    /** The work done for one input: returns the lines to print on success (or {@code null}). */
    @FunctionalInterface
    interface Task {
        String run(Path input) throws Exception;
    }

    private Batch() {
    }

    /** Seconds with two decimals, {@code "1.25 s"}, as {@code %.2f} in the root locale would print them. */
    static String seconds(double seconds) {
        long hundredths = Math.round(seconds * 100);
        long frac = hundredths % 100;
        return hundredths / 100 + (frac < 10 ? ".0" : ".") + frac + " s";
    }

    /** Whether the arguments ask for batch mode: several inputs, or a directory. */
    static boolean isBatch(List<Path> args) {
        return args.size() > 1 || args.stream().anyMatch(Files::isDirectory);
    }

    /**
     * The input files: the arguments, each directory replaced by its regular files (not recursively,
     * sorted by name) that {@code accept} takes. A missing file stays in the list, to be reported.
     */
    static List<Path> expand(List<Path> args, Predicate<Path> accept) throws IOException, Failures.FileFailure {
        List<Path> files = new ArrayList<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                int before = files.size();
                try (Stream<Path> s = Files.list(a)) {
                    s.filter(Files::isRegularFile).filter(accept).sorted().forEach(files::add);
                }
                if (files.size() == before) {
                    throw new Failures.FileFailure(a.toString(), "directory holds no file to process", null);
                }
            } else {
                files.add(a);
            }
        }
        return files;
    }

    /** Whether the file name ends with one of the suffixes (without dots, any case). */
    static boolean hasSuffix(Path p, Iterable<String> suffixes) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : suffixes) {
            if (n.endsWith("." + s.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** {@code input}'s file name with its extension replaced by {@code suffix} (e.g. {@code "vqz"}). */
    static String renamed(Path input, String suffix) {
        String n = input.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n) + "." + suffix;
    }

    /**
     * Where the output for {@code input} goes: in {@code outDir} when given (created if missing), else next
     * to the input.
     */
    static Path output(Path input, String outDir, String suffix) throws IOException {
        if (outDir == null) {
            return input.resolveSibling(renamed(input, suffix));
        }
        Path dir = Path.of(outDir);
        Files.createDirectories(dir);
        return dir.resolve(renamed(input, suffix));
    }

    /**
     * Runs {@code task} for every input, {@code parallelism} at a time.
     *
     * @param lines    where the task's result lines go, in input order
     * @param progress whether a progress bar may be shown (on a terminal only)
     * @return 0 when every file succeeded, else 1
     */
    static int run(List<Path> inputs, int parallelism, String verb, PrintWriter lines, PrintWriter err,
                   boolean progress, boolean debug, Task task) {
        int threads = Math.max(1, Math.min(parallelism, inputs.size()));
        ProgressBar bar = progress && System.console() != null && inputs.size() > 1
                ? new ProgressBarBuilder().setTaskName(verb).setInitialMax(inputs.size())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()
                : null;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vqz-" + verb);
            t.setDaemon(true);
            return t;
        });
        int failed = 0;
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (Path in : inputs) {
                futures.add(pool.submit(() -> {
                    try {
                        return task.run(in);
                    } finally {
                        if (bar != null) {
                            bar.step();
                        }
                    }
                }));
            }
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    String line = futures.get(i).get();
                    if (line != null && (bar == null || lines != err)) {
                        lines.println(line);
                        lines.flush();
                    }
                } catch (ExecutionException e) {
                    failed++;
                    Throwable cause = e.getCause();
                    Failures.report(err, fileOf(inputs.get(i), cause), cause, debug);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed++;
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
        if (inputs.size() > 1 && failed > 0) {
            err.println("vqz: " + failed + " of " + inputs.size() + " files failed");
            err.flush();
        }
        return failed == 0 ? 0 : VqzCommand.EXIT_FAILURE;
    }

    // the file an error is about: the output when the output was refused, else the input
    private static String fileOf(Path input, Throwable e) {
        if (e instanceof Failures.FileFailure ff) {
            return ff.file();
        }
        if (e instanceof FileSystemException fse && fse.getFile() != null && !fse.getFile().endsWith(".tmp")) {
            return fse.getFile();
        }
        return input.toString();
    }
}
