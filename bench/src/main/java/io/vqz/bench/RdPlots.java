package io.vqz.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Rate–distortion plots (XChart, PNG): bits per pixel against PSNR and against MS-SSIM in dB, one curve
 * per codec through its mean points. Needs no display (headless AWT). Stateless and thread-safe.
 *
 * @since 0.1
 */
final class RdPlots {
    static final String PSNR_FILE = "rd-psnr.png";
    static final String MSSSIM_FILE = "rd-msssim.png";

    /** Distinct colours in codec order (XChart's default palette repeats near-identical yellows). */
    private static final java.awt.Color[] COLOURS = {
        new java.awt.Color(0xd62728), new java.awt.Color(0x1f77b4), new java.awt.Color(0x2ca02c),
        new java.awt.Color(0x9467bd), new java.awt.Color(0xff7f0e), new java.awt.Color(0x17becf),
        new java.awt.Color(0x8c564b), new java.awt.Color(0x7f7f7f)};

    private RdPlots() {
    }

    /** Writes both plots into {@code dir}; points above {@code maxBpp} stay in the tables but not the plots. */
    static void write(BenchResult r, Path dir, double maxBpp) throws IOException {
        String what = r.images.size() + " image" + (r.images.size() == 1 ? "" : "s");
        save(chart(r, "PSNR over RGB, " + what, "PSNR (dB)", BenchResult.Point::psnr, maxBpp), dir.resolve(PSNR_FILE));
        save(chart(r, "MS-SSIM over RGB, " + what, "MS-SSIM (dB) = −10·log10(1 − MS-SSIM)",
                BenchResult.Point::msssimDb, maxBpp), dir.resolve(MSSSIM_FILE));
    }

    private static XYChart chart(BenchResult r, String title, String yTitle, Function<BenchResult.Point, Double> y,
                                double maxBpp) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("bits per pixel").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("0.0#");
        chart.getStyler().setYAxisDecimalPattern("0.#");
        int n = 0;
        for (BenchResult.CodecSummary c : r.summary) {
            java.awt.Color colour = COLOURS[n++ % COLOURS.length];
            List<BenchResult.Point> pts = c.points().stream().filter(p -> y.apply(p) != null && p.bpp() <= maxBpp)
                    .sorted((a, b) -> Double.compare(a.bpp(), b.bpp())).toList();
            if (pts.isEmpty()) {
                continue;
            }
            double[] xs = pts.stream().mapToDouble(BenchResult.Point::bpp).toArray();
            double[] ys = pts.stream().mapToDouble(p -> y.apply(p)).toArray();
            XYSeries series = chart.addSeries(c.codec(), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
        return chart;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
