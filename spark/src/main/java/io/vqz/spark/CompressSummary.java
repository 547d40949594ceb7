package io.vqz.spark;

import com.google.gson.GsonBuilder;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link CompressJob} did: files found, skipped (already done), compressed and failed (the first
 * {@value #MAX_NAMED} named), bytes in and out, bits per pixel (of all pixels together, and the mean over files),
 * PSNR (mean over the sampled files) and throughput. Immutable; sums of per-file summaries.
 *
 * @param found      inputs found
 * @param skipped    inputs whose output already existed
 * @param compressed files written by this run
 * @param failed     files that could not be read or encoded
 * @param failures   the first of them, with the reason
 * @param bytesIn    sizes of the compressed inputs
 * @param bytesOut   sizes of their outputs
 * @param pixels     their pixels
 * @param bppSum     sum over files of each one's bits per pixel
 * @param psnrSum    sum of PSNR over the sampled files
 * @param psnrCount  files sampled
 * @param seconds    wall time of the job
 * @since 0.3
 */
public record CompressSummary(long found, long skipped, long compressed, long failed, List<String> failures,
                              long bytesIn, long bytesOut, long pixels, double bppSum, double psnrSum,
                              long psnrCount, double seconds) implements Serializable {
    static final int MAX_NAMED = 20;
    static final CompressSummary EMPTY = new CompressSummary(0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0);

    static CompressSummary file(long in, long out, long pixels, double psnr) {
        boolean sampled = !Double.isNaN(psnr);
        return new CompressSummary(0, 0, 1, 0, List.of(), in, out, pixels, out * 8.0 / pixels,
                sampled ? psnr : 0, sampled ? 1 : 0, 0);
    }

    static CompressSummary failure(String why) {
        return new CompressSummary(0, 0, 0, 1, List.of(why), 0, 0, 0, 0, 0, 0, 0);
    }

    CompressSummary plus(CompressSummary o) {
        List<String> named = new ArrayList<>(failures);
        for (String f : o.failures) {
            if (named.size() < MAX_NAMED) {
                named.add(f);
            }
        }
        return new CompressSummary(found + o.found, skipped + o.skipped, compressed + o.compressed,
                failed + o.failed, List.copyOf(named), bytesIn + o.bytesIn, bytesOut + o.bytesOut, pixels + o.pixels,
                bppSum + o.bppSum, psnrSum + o.psnrSum, psnrCount + o.psnrCount, seconds + o.seconds);
    }

    CompressSummary finish(long found, long skipped, double seconds) {
        return new CompressSummary(found, skipped, compressed, failed, failures, bytesIn, bytesOut, pixels, bppSum,
                psnrSum, psnrCount, seconds);
    }

    /** Bits per pixel of all compressed pixels together; NaN when none. */
    public double bitsPerPixel() {
        return pixels == 0 ? Double.NaN : bytesOut * 8.0 / pixels;
    }

    /** Mean over the compressed files of their bits per pixel; NaN when none. */
    public double meanFileBitsPerPixel() {
        return compressed == 0 ? Double.NaN : bppSum / compressed;
    }

    /** Mean PSNR (dB, RGB) of the sampled files; NaN when none was sampled. */
    public double meanPsnr() {
        return psnrCount == 0 ? Double.NaN : psnrSum / psnrCount;
    }

    /** The summary as JSON. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", found);
        m.put("skipped", skipped);
        m.put("compressed", compressed);
        m.put("failed", failed);
        m.put("bytesIn", bytesIn);
        m.put("bytesOut", bytesOut);
        m.put("bitsPerPixel", round(bitsPerPixel()));
        m.put("meanFileBitsPerPixel", round(meanFileBitsPerPixel()));
        m.put("psnrSampled", psnrCount);
        m.put("meanPsnr", round(meanPsnr()));
        m.put("seconds", round(seconds));
        m.put("filesPerSecond", round(seconds == 0 ? Double.NaN : compressed / seconds));
        m.put("failures", failures);
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(m);
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e4) / 1e4;
    }
}
