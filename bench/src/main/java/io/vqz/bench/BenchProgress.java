package io.vqz.bench;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on standard error: a progress bar on a terminal, one plain line per step otherwise (logs, CI),
 * so standard output stays clean for {@code --json}. Not thread-safe.
 *
 * @since 0.1
 */
final class BenchProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream plain;
    private final long total;
    private long done;

    private BenchProgress(ProgressBar bar, PrintStream plain, long total) {
        this.bar = bar;
        this.plain = plain;
        this.total = total;
    }

    static BenchProgress start(long total, boolean terminal, PrintStream err) {
        if (terminal) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName("bench").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
                    .build();
            return new BenchProgress(bar, null, total);
        }
        return new BenchProgress(null, err, total);
    }

    static BenchProgress silent() {
        return new BenchProgress(null, null, 0);
    }

    void step(String what) {
        done++;
        if (bar != null) {
            bar.setExtraMessage(what);
            bar.step();
        } else if (plain != null) {
            plain.println("[" + done + "/" + total + "] " + what);
        }
    }

    void note(String message) {
        if (bar == null && plain != null) {
            plain.println(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
