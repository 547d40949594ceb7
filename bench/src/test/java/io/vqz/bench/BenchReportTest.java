package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    @Test
    void jsonHoldsEveryMeasurementAndRoundTrips() {
        BenchResult r = BenchResultTest.synthetic();
        r.skipped.add(new BenchResult.Skipped("heic", "heif-enc not on PATH"));
        String json = BenchReport.json(r);
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(12, o.getAsJsonArray("measurements").size());
        assertEquals(-20.0, o.getAsJsonArray("summary").get(1).getAsJsonObject().get("bdRatePsnr").getAsDouble(), 1e-9);
        assertEquals("heif-enc not on PATH", o.getAsJsonArray("skipped").get(0).getAsJsonObject().get("reason").getAsString());
        BenchResult back = BenchReport.fromJson(json);
        assertEquals(r.measurements, back.measurements);
        assertEquals(r.summary, back.summary);
    }

    @Test
    void markdownHasSummaryRowsAndPerCodecTables() {
        BenchResult r = BenchResultTest.synthetic();
        r.skipped.add(new BenchResult.Skipped("heic", "heif-enc not on PATH"));
        r.errors.add("webp q5 on x.png: boom");
        String md = BenchReport.markdown(r);
        assertTrue(md.contains("| b | -20.0 % | -20.0 % | +"), md);
        assertTrue(md.contains("| a | +0.0 % | +0.0 % | +0.00 | 0.400–2.000 |"), md);
        assertTrue(md.contains("### b\n\ncodec B"), md);
        assertTrue(md.contains("| 50 | 0.9000 | 32.000 | 0.98000 | 16.990 | 10.0 | 5.0 |"), md);
        assertTrue(md.contains("payload / ideal code length under the prior = 1.0100 (+1.00 %)"), md);
        assertTrue(md.contains("- `heic`: heif-enc not on PATH"), md);
        assertTrue(md.contains("- webp q5 on x.png: boom"), md);
    }
}
