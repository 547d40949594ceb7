package io.vqz.bench;

import io.vqz.entropy.Cdf;
import io.vqz.entropy.EntropyDecodingException;
import io.vqz.entropy.PixelCnnPrior;
import io.vqz.entropy.PriorCursor;
import io.vqz.entropy.PriorWeights;
import io.vqz.entropy.RangeDecoder;
import io.vqz.entropy.RangeEncoder;
import io.vqz.entropy.TileCoder;
import io.vqz.format.TileGrid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small benchmark of the entropy module: range-coder symbols/s, prior positions/s, and the time to encode
 * and decode a code grid split into tiles on several threads, with a seeded random prior of the default
 * shape. Plain {@code main} (no JMH) so the CLI can call {@link #run(String...)} too.
 * <p>
 * {@code java -cp bench/target/vqz-bench.jar io.vqz.bench.EntropyBench [--grid 192x128] [--tile 64x64]
 * [--threads 2] [--k 1024,512] [--runs 7] [--prior prior.bin|bundle.vqzm]}: with {@code --prior}, that prior
 * instead of random ones of the default shape with the given codebook sizes.
 *
 * @since 0.1
 */
public final class EntropyBench {
    private EntropyBench() {
    }

    /**
     * Runs the benchmark and prints the results.
     *
     * @param args options, see the class description
     * @throws IOException if the prior given with {@code --prior} cannot be read
     */
    public static void main(String... args) throws IOException {
        run(args);
    }

    /**
     * Runs the benchmark and prints the results to standard output.
     *
     * @param args options, see the class description
     * @throws IOException if the prior given with {@code --prior} cannot be read
     */
    public static void run(String... args) throws IOException {
        int gw = 192;
        int gh = 128;
        int tw = 64;
        int th = 64;
        int threads = 2;
        int runs = 7;
        int[] ks = {1024, 512};
        String priorFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--grid" -> {
                    gw = Integer.parseInt(v.split("x")[0]);
                    gh = Integer.parseInt(v.split("x")[1]);
                }
                case "--tile" -> {
                    tw = Integer.parseInt(v.split("x")[0]);
                    th = Integer.parseInt(v.split("x")[1]);
                }
                case "--threads" -> threads = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--k" -> ks = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--prior" -> priorFile = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "cores: %d, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        coder(runs);
        List<PixelCnnPrior> priors = new ArrayList<>();
        if (priorFile != null) {
            priors.add(new PixelCnnPrior(readPrior(Path.of(priorFile))));
        } else {
            for (int k : ks) {
                priors.add(new PixelCnnPrior(PriorWeights.random(k, 32, 64, 3, 5, 3, 1)));
            }
        }
        for (PixelCnnPrior prior : priors) {
            int[] grid = sample(prior, gw, gh);
            positions(prior, grid, gw, gh, runs);
            grid(prior, grid, gw, gh, tw, th, threads, runs);
        }
    }

    private static void coder(int runs) throws EntropyDecodingException {
        int n = 1 << 20;
        SplittableRandom rnd = new SplittableRandom(1);
        int[][] tables = new int[64][];
        for (int t = 0; t < tables.length; t++) {
            float[] logits = new float[512];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (rnd.nextGaussian() * 2.5);
            }
            tables[t] = Cdf.fromLogits(logits);
        }
        int[] symbols = new int[n];
        double ideal = 0;
        for (int i = 0; i < n; i++) {
            int[] cdf = tables[i & 63];
            int u = rnd.nextInt(Cdf.TOTAL);
            int s = 0;
            while (cdf[s + 1] <= u) {
                s++;
            }
            symbols[i] = s;
            ideal += Cdf.bits(cdf, s);
        }
        long[] enc = new long[runs];
        long[] dec = new long[runs];
        byte[] bytes = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            RangeEncoder e = new RangeEncoder(n);
            for (int i = 0; i < n; i++) {
                e.encode(tables[i & 63], symbols[i]);
            }
            bytes = e.finish();
            long t1 = System.nanoTime();
            RangeDecoder d = new RangeDecoder(bytes);
            for (int i = 0; i < n; i++) {
                if (d.decode(tables[i & 63]) != symbols[i]) {
                    throw new IllegalStateException("round trip failed");
                }
            }
            d.finish();
            long t2 = System.nanoTime();
            enc[r] = t1 - t0;
            dec[r] = t2 - t1;
        }
        System.out.printf(Locale.ROOT, "range coder, K=512, %d symbols: encode %.1f M symbols/s, decode %.1f M "
                        + "symbols/s; %d bytes, ideal %.1f bytes (+%.4f%%)%n", n, n / (median(enc) / 1e3),
                n / (median(dec) / 1e3), bytes.length, ideal / 8, (bytes.length * 8 / ideal - 1) * 100);
    }

    private static void positions(PixelCnnPrior prior, int[] grid, int gw, int gh, int runs) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] t = new long[runs];
        long[] cpu = new long[runs];
        int n = 64 * 64;
        for (int r = 0; r < runs; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            PriorCursor cur = prior.cursor(64, 64);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int code = grid[(y % gh) * gw + x % gw];
                    cur.bits(code); // the tables the coder uses: one K-symbol CDF, or a group's and a member's
                    cur.advance(code);
                }
            }
            t[r] = System.nanoTime() - t0;
            cpu[r] = mx.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf(Locale.ROOT, "prior %s, 1 thread: %.0f positions/s wall, %.0f positions/s of thread "
                + "CPU time (network + tables)%n", prior.weights(), n / (median(t) / 1e9), n / (median(cpu) / 1e9));
    }

    /** The tiles of a grid coded side by side on {@code threads} threads, as the codec's workers run them. */
    private static byte[][] encodeTiles(PixelCnnPrior prior, int[] grid, TileGrid t, int threads) {
        byte[][] out = new byte[t.count()][];
        onThreads(t.count(), threads, i -> out[i] = TileCoder.encode(prior, t.extract(grid, i), t.width(i),
                t.height(i)));
        return out;
    }

    private static int[] decodeTiles(PixelCnnPrior prior, byte[][] tiles, TileGrid t, int threads) {
        int[] grid = new int[t.gridWidth() * t.gridHeight()];
        onThreads(t.count(), threads, i -> {
            try {
                t.insert(grid, i, TileCoder.decode(prior, tiles[i], t.width(i), t.height(i)));
            } catch (EntropyDecodingException e) {
                throw new IllegalStateException("tile " + i + ": " + e.getMessage(), e);
            }
        });
        return grid;
    }

    private static void onThreads(int count, int threads, java.util.function.IntConsumer task) {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> java.util.stream.IntStream.range(0, count).parallel().forEach(task)).join();
        } finally {
            pool.shutdown();
        }
    }

    private static void grid(PixelCnnPrior prior, int[] grid, int gw, int gh, int tw, int th, int threads,
                             int runs) throws EntropyDecodingException {
        long[] enc = new long[runs];
        long[] dec = new long[runs];
        long[] encCpu = new long[runs];
        long[] decCpu = new long[runs];
        byte[][] tiles = null;
        for (int r = 0; r < runs; r++) {
            long c0 = processCpu();
            long t0 = System.nanoTime();
            tiles = encodeTiles(prior, grid, new TileGrid(gw, gh, tw, th), threads);
            long t1 = System.nanoTime();
            long c1 = processCpu();
            int[] back = decodeTiles(prior, tiles, new TileGrid(gw, gh, tw, th), threads);
            long t2 = System.nanoTime();
            long c2 = processCpu();
            if (!Arrays.equals(back, grid)) {
                throw new IllegalStateException("round trip failed");
            }
            enc[r] = t1 - t0;
            dec[r] = t2 - t1;
            encCpu[r] = c1 - c0;
            decCpu[r] = c2 - c1;
        }
        long bytes = Arrays.stream(tiles).mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "grid %dx%d (K=%d) in %dx%d tiles on %d threads: encode %.1f ms, decode "
                        + "%.1f ms wall (median of %d; best %.1f / %.1f ms); process CPU time encode %.1f ms, "
                        + "decode %.1f ms (median); %d bytes%n", gw, gh, prior.codebookSize(),
                tw, th, threads, median(enc) / 1e6, median(dec) / 1e6, runs,
                Arrays.stream(enc).min().getAsLong() / 1e6, Arrays.stream(dec).min().getAsLong() / 1e6,
                median(encCpu) / 1e6, median(decCpu) / 1e6, bytes);
    }

    /** A prior.bin, or the prior.bin entry of a model bundle (a POSIX tar). */
    private static PriorWeights readPrior(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length >= 8 && new String(b, 0, 8, StandardCharsets.ISO_8859_1).equals(PriorWeights.MAGIC)) {
            return PriorWeights.read(new ByteArrayInputStream(b));
        }
        for (int at = 0; at + 512 <= b.length; ) {
            String name = new String(b, at, 100, StandardCharsets.ISO_8859_1).split("\0", 2)[0];
            if (name.isEmpty()) {
                break;
            }
            String sizeField = new String(b, at + 124, 12, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
            int size = Integer.parseInt(sizeField, 8);
            if (name.equals("prior.bin")) {
                return PriorWeights.read(new ByteArrayInputStream(b, at + 512, size));
            }
            at += 512 + (size + 511) / 512 * 512;
        }
        throw new IOException(file + " is neither a prior.bin nor a bundle with one");
    }

    /** Codes drawn from the prior, so the grid has the statistics the prior expects. */
    private static int[] sample(PixelCnnPrior prior, int w, int h) {
        SplittableRandom rnd = new SplittableRandom(2);
        int[] grid = new int[w * h];
        int tw = Math.min(64, Math.max(1, w));
        for (int y0 = 0; y0 < h; y0 += 64) {
            for (int x0 = 0; x0 < w; x0 += tw) {
                int bw = Math.min(tw, w - x0);
                int bh = Math.min(64, h - y0);
                PriorCursor cur = prior.cursor(bw, bh);
                for (int y = 0; y < bh; y++) {
                    for (int x = 0; x < bw; x++) {
                        int[] cdf = Cdf.fromLogits(cur.logits());
                        int u = rnd.nextInt(Cdf.TOTAL);
                        int s = Arrays.binarySearch(cdf, u);
                        s = s >= 0 ? s : -s - 2;
                        grid[(y0 + y) * w + x0 + x] = s;
                        cur.advance(s);
                    }
                }
            }
        }
        return grid;
    }

    /** CPU time of the whole process in ns, or 0 where the JVM does not report it. */
    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
