package io.vqz.bench;

import io.vqz.codec.DecodeOptions;
import io.vqz.codec.VqzDecoder;
import io.vqz.format.VqzContainer;

import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test (timed): how long a running decode takes to stop, from the abort (the check an ImageIO reader's
 * {@code abort()} sets) or an interrupt of the decoding thread to the call's return, at several points of the
 * decode (entropy decoding, the decoder network):
 * <pre>java -cp bench/target/vqz-bench.jar io.vqz.bench.AbortLatency big.vqz [threads] [delays ms, e.g. 500,3000,20000]</pre>
 */
public final class AbortLatency {
    private AbortLatency() {
    }

    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Long> delays = new ArrayList<>();
        for (String d : (args.length > 2 ? args[2] : "500,2000,5000,10000,20000,30000").split(",")) {
            delays.add(Long.parseLong(d));
        }
        VqzDecoder decoder = VqzDecoder.builder().threads(threads).build();
        VqzContainer c = decoder.read(new ByteArrayInputStream(bytes));
        System.out.printf(Locale.ROOT, "%s: %d x %d, %d layers, %d threads%n", args[0], c.header().width(),
                c.header().height(), c.header().layers(), threads);
        for (String how : List.of("abort", "interrupt")) {
            List<Double> latencies = new ArrayList<>();
            for (long delay : delays) {
                AtomicBoolean abort = new AtomicBoolean();
                long[] returned = new long[1];
                String[] outcome = new String[1];
                Thread t = new Thread(() -> {
                    try {
                        decoder.decode(c, DecodeOptions.builder().abort(abort::get).build());
                        outcome[0] = "finished";
                    } catch (InterruptedIOException e) {
                        outcome[0] = "stopped";
                    } catch (Exception e) {
                        outcome[0] = e.toString();
                    }
                    returned[0] = System.nanoTime();
                });
                t.start();
                Thread.sleep(delay);
                long asked = System.nanoTime();
                if (how.equals("abort")) {
                    abort.set(true);
                } else {
                    t.interrupt();
                }
                t.join();
                double ms = (returned[0] - asked) / 1e6;
                latencies.add(ms);
                System.out.printf(Locale.ROOT, "  %-9s after %6d ms: %s, returned %.1f ms later%n", how, delay,
                        outcome[0], ms);
            }
            Collections.sort(latencies);
            System.out.printf(Locale.ROOT, "%s: median %.1f ms, max %.1f ms%n", how,
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
        }
    }
}
