package io.vqz.bench;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The visual report: self-contained, and in headless Chromium it loads without errors and shows its images. */
class HtmlReportTest {
    @TempDir
    static Path out;
    static Path page;

    @BeforeAll
    static void runTheBenchmark() {
        Path tiny = TestData.file("bench/tiny");
        int exit = new CommandLine(new BenchCommand()).execute(tiny.toString(), "--codecs", "vqz,jpeg",
                "--vqz-qualities", "25,75", "--qualities", "20,60", "--html", "--out", out.toString(), "--no-progress");
        assertEquals(0, exit);
        page = out.resolve(HtmlReport.FILE);
    }

    @Test
    void isSelfContainedWithCropsOfEveryCodecAtEveryVqzPoint() throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing may be fetched");
        Matcher m = Pattern.compile("<script id=\"data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find());
        JsonArray images = JsonParser.parseString(m.group(1).replace("<\\/", "</")).getAsJsonArray();
        assertEquals(2, images.size());
        for (var e : images) {
            JsonObject im = e.getAsJsonObject();
            assertTrue(im.get("source").getAsString().startsWith("data:image/png;base64,"));
            JsonArray targets = im.getAsJsonArray("targets");
            assertEquals(2, targets.size());
            for (var t : targets) {
                JsonObject entries = t.getAsJsonObject().getAsJsonObject("entries");
                assertEquals(List.of("vqz", "jpeg"), List.copyOf(entries.keySet()));
            }
        }
        assertTrue(html.contains("<table>") && html.contains("<img class=\"plot\""), "plots and tables");
    }

    @Test
    void thePageOpensWhereEveryCodecHasAFileOfAboutTheSameSize() {
        BenchGallery.Entry v0 = new BenchGallery.Entry("vqz", 0, 0.07, 22, new byte[0]);
        BenchGallery.Entry j5 = new BenchGallery.Entry("jpeg", 5, 0.19, 21, new byte[0]);
        BenchGallery.Entry v40 = new BenchGallery.Entry("vqz", 40, 0.50, 30, new byte[0]);
        BenchGallery.Entry j50 = new BenchGallery.Entry("jpeg", 50, 0.52, 28, new byte[0]);
        BenchGallery.Entry v75 = new BenchGallery.Entry("vqz", 75, 1.00, 34, new byte[0]);
        BenchGallery.Entry j80 = new BenchGallery.Entry("jpeg", 80, 1.15, 32, new byte[0]);
        List<BenchGallery.Target> targets = List.of(
                new BenchGallery.Target(0, 0.07, java.util.Map.of("vqz", v0, "jpeg", j5), java.util.Map.of()),
                new BenchGallery.Target(40, 0.50, java.util.Map.of("vqz", v40, "jpeg", j50), java.util.Map.of()),
                new BenchGallery.Target(75, 1.00, java.util.Map.of("vqz", v75, "jpeg", j80), java.util.Map.of()));
        assertEquals(1, BenchGallery.opening(targets), "quality 40, where JPEG is within 4 %, not quality 0 (2.7x)");
    }

    @Test
    void theGalleryOpensAtAnEqualSizeAndMarksTheCodecsThatCannotGoAsLow() throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<script id=\"data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find());
        for (var e : JsonParser.parseString(m.group(1).replace("<\\/", "</")).getAsJsonArray()) {
            JsonObject im = e.getAsJsonObject();
            JsonArray targets = im.getAsJsonArray("targets");
            int open = im.get("open").getAsInt();
            double worst = 0;
            for (var t : targets) {
                JsonObject to = t.getAsJsonObject();
                double gap = 0;
                for (var entry : to.getAsJsonObject("entries").entrySet()) {
                    gap = Math.max(gap, Math.abs(Math.log(entry.getValue().getAsJsonObject().get("bpp").getAsDouble()
                            / to.get("bpp").getAsDouble())));
                }
                worst = Math.max(worst, gap);
            }
            JsonObject opened = targets.get(open).getAsJsonObject();
            for (var entry : opened.getAsJsonObject("entries").entrySet()) {
                double r = entry.getValue().getAsJsonObject().get("bpp").getAsDouble() / opened.get("bpp").getAsDouble();
                assertTrue(Math.abs(Math.log(r)) <= worst, entry.getKey() + " " + r);
                assertTrue(entry.getValue().getAsJsonObject().has("extreme"));
            }
        }
        assertTrue(html.contains("cannot go as low"), "the page says so when a codec cannot go as low");
    }

    @Test
    void loadsInHeadlessChromiumWithoutErrorsAndShowsItsImages() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "headless Chromium not installed (Debian: apt-get install chromium): skipped");
        // Chromium decodes images off its main thread, outside the virtual time budget: on a loaded machine the DOM
        // can be dumped before the page's script has seen every image, so a page that is not ready yet (no
        // data-ready at all, never an "error:") is loaded again, up to three times
        String dom = "";
        for (int attempt = 0; attempt < 3 && !dom.contains("<body data-ready="); attempt++) {
            Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0", "--dump-dom",
                    page.toUri().toString()).redirectError(out.resolve("chromium.log").toFile()).start();
            dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        String log = Files.readString(out.resolve("chromium.log"));
        // 2 images x 2 sides of the viewer + 2 plots, all decoded; the script sets "error:..." on any failure
        int body = dom.indexOf("<body");
        assertTrue(dom.contains("<body data-ready=\"ok:6\">"), body < 0 ? dom : dom.substring(body, Math.min(dom.length(),
                body + 200)));
        assertFalse(log.contains("Uncaught"), log);
        Path shot = out.resolve("shot.png");
        Process s = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=900,700",
                "--screenshot=" + shot, page.toUri().toString()).redirectErrorStream(true).start();
        s.getInputStream().readAllBytes();
        assertTrue(s.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.size(shot) > 20_000, "a screenshot with the crops in it: " + Files.size(shot) + " bytes");
    }

    private static Path chromium() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
