package io.vqz.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Locale;

/**
 * Renders a {@link BenchResult} as JSON (every measurement) and as a Markdown report (summary table,
 * one table per codec, skipped codecs). Stateless and thread-safe.
 *
 * @since 0.1
 */
final class BenchReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private BenchReport() {
    }

    static String json(BenchResult result) {
        return GSON.toJson(result) + "\n";
    }

    static BenchResult fromJson(String json) {
        return GSON.fromJson(json, BenchResult.class);
    }

    static String markdown(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("| codec | BD-rate PSNR | BD-rate MS-SSIM | BD-PSNR (dB) | bpp range | encode MP/s | decode MP/s |\n");
        sb.append("|---|---:|---:|---:|---|---:|---:|\n");
        for (BenchResult.CodecSummary c : r.summary) {
            double lo = c.points().stream().mapToDouble(BenchResult.Point::bpp).min().orElse(Double.NaN);
            double hi = c.points().stream().mapToDouble(BenchResult.Point::bpp).max().orElse(Double.NaN);
            sb.append("| ").append(c.codec())
                    .append(" | ").append(percent(c.bdRatePsnr()))
                    .append(" | ").append(percent(c.bdRateMsssim()))
                    .append(" | ").append(c.bdPsnr() == null ? "n/a" : fmt("%+.2f", c.bdPsnr()))
                    .append(" | ").append(fmt("%.3f–%.3f", lo, hi))
                    .append(" | ").append(fmt("%.2f", c.encodeMegapixelsPerSecond()))
                    .append(" | ").append(fmt("%.2f", c.decodeMegapixelsPerSecond()))
                    .append(" |\n");
        }
        sb.append("\nBD-rates against `").append(r.anchor)
                .append("` on the mean curves (negative: fewer bits for the same quality); MS-SSIM in dB.\n");
        for (BenchResult.CodecSummary c : r.summary) {
            if (c.payloadOverIdeal() != null) {
                sb.append(fmt("\n`%s` entropy coding: payload / ideal code length under the prior = %.4f"
                        + " (%+.2f %%).\n", c.codec(), c.payloadOverIdeal(), (c.payloadOverIdeal() - 1) * 100));
            }
        }
        for (BenchResult.CodecSummary c : r.summary) {
            sb.append("\n### ").append(c.codec()).append("\n\n").append(c.description()).append("\n\n");
            sb.append("| quality | bpp | PSNR (dB) | MS-SSIM | MS-SSIM (dB) | encode ms | decode ms |\n");
            sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (BenchResult.Point p : c.points()) {
                sb.append(fmt("| %d | %.4f | %.3f | %s | %s | %.1f | %.1f |\n", p.quality(), p.bpp(), p.psnr(),
                        p.msssim() == null ? "n/a" : fmt("%.5f", p.msssim()),
                        p.msssimDb() == null ? "n/a" : fmt("%.3f", p.msssimDb()), p.encodeMs(), p.decodeMs()));
            }
        }
        if (!r.skipped.isEmpty()) {
            sb.append("\nSkipped:\n\n");
            for (BenchResult.Skipped s : r.skipped) {
                sb.append("- `").append(s.codec()).append("`: ").append(s.reason()).append('\n');
            }
        }
        if (!r.errors.isEmpty()) {
            sb.append("\nErrors:\n\n");
            for (String e : r.errors) {
                sb.append("- ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    private static String percent(Double v) {
        return v == null ? "n/a" : fmt("%+.1f %%", v);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
