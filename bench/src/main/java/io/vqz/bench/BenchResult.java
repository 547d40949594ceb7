package io.vqz.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one benchmark run measured, and the summaries derived from it: per codec and quality the
 * means over images; per codec BD-rates against the anchor on those mean curves; for VQZ the
 * entropy-coder efficiency. Serialised to JSON as is (Gson), so field names are the JSON's names.
 * Not thread-safe while being filled.
 *
 * @since 0.1
 */
final class BenchResult {
    /** One image coded by one codec at one quality. {@code payloadBits}/{@code idealBits}: VQZ only. */
    record Measurement(String image, String codec, int quality, int width, int height, long bytes, double bpp,
                       double psnr, Double msssim, Double msssimDb, double encodeMs, double decodeMs,
                       Double payloadBits, Double idealBits) {
    }

    /** Means over the images of one codec at one quality. */
    record Point(int quality, int images, double bpp, double psnr, Double msssim, Double msssimDb,
                 double encodeMs, double decodeMs) {
    }

    /** Per codec: its curve, BD-rates against the anchor (null when undefined) and speed. */
    record CodecSummary(String codec, String description, List<Point> points, Double bdRatePsnr,
                        Double bdRateMsssim, Double bdPsnr, double decodeMegapixelsPerSecond,
                        double encodeMegapixelsPerSecond, Double payloadOverIdeal) {
    }

    record Skipped(String codec, String reason) {
    }

    int version = 1;
    String created;
    Map<String, String> machine = new LinkedHashMap<>();
    String anchor;
    List<String> images = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<CodecSummary> summary = new ArrayList<>();
    List<Measurement> measurements = new ArrayList<>();

    /** Computes {@link #summary} from {@link #measurements}, codecs in the given order. */
    void summarise(List<String> codecOrder, Map<String, String> descriptions) {
        summary.clear();
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        for (String codec : codecOrder) {
            curves.put(codec, curve(codec));
        }
        List<Point> anchorCurve = curves.getOrDefault(anchor, List.of());
        for (String codec : codecOrder) {
            List<Point> pts = curves.get(codec);
            if (pts.isEmpty()) {
                continue;
            }
            double pixels = 0;
            double decodeMs = 0;
            double encodeMs = 0;
            double payload = 0;
            double ideal = 0;
            for (Measurement m : measurements) {
                if (m.codec().equals(codec)) {
                    pixels += (double) m.width() * m.height();
                    decodeMs += m.decodeMs();
                    encodeMs += m.encodeMs();
                    if (m.payloadBits() != null && m.idealBits() != null) {
                        payload += m.payloadBits();
                        ideal += m.idealBits();
                    }
                }
            }
            summary.add(new CodecSummary(codec, descriptions.get(codec), pts,
                    finite(BdRate.bdRate(psnrCurve(anchorCurve), psnrCurve(pts))),
                    finite(BdRate.bdRate(msssimCurve(anchorCurve), msssimCurve(pts))),
                    finite(BdRate.bdQuality(psnrCurve(anchorCurve), psnrCurve(pts))),
                    pixels / 1e6 / (decodeMs / 1e3), pixels / 1e6 / (encodeMs / 1e3),
                    ideal > 0 ? payload / ideal : null));
        }
    }

    private List<Point> curve(String codec) {
        Map<Integer, List<Measurement>> byQuality = new TreeMap<>();
        for (Measurement m : measurements) {
            if (m.codec().equals(codec)) {
                byQuality.computeIfAbsent(m.quality(), q -> new ArrayList<>()).add(m);
            }
        }
        List<Point> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Measurement>> e : byQuality.entrySet()) {
            List<Measurement> ms = e.getValue();
            double bpp = 0;
            double psnr = 0;
            double ssim = 0;
            double enc = 0;
            double dec = 0;
            boolean ssimDefined = true;
            for (Measurement m : ms) {
                bpp += m.bpp();
                psnr += m.psnr();
                enc += m.encodeMs();
                dec += m.decodeMs();
                if (m.msssim() == null) {
                    ssimDefined = false;
                } else {
                    ssim += m.msssim();
                }
            }
            int n = ms.size();
            // dB of the mean MS-SSIM, as CompressAI's plots, not the mean of per-image dB
            out.add(new Point(e.getKey(), n, bpp / n, psnr / n, ssimDefined ? ssim / n : null,
                    ssimDefined ? MsSsim.decibels(ssim / n) : null, enc / n, dec / n));
        }
        return out;
    }

    static List<BdRate.Point> psnrCurve(List<Point> pts) {
        List<BdRate.Point> out = new ArrayList<>();
        for (Point p : pts) {
            out.add(new BdRate.Point(p.bpp(), p.psnr()));
        }
        return out;
    }

    static List<BdRate.Point> msssimCurve(List<Point> pts) {
        List<BdRate.Point> out = new ArrayList<>();
        for (Point p : pts) {
            if (p.msssimDb() != null) {
                out.add(new BdRate.Point(p.bpp(), p.msssimDb()));
            }
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
