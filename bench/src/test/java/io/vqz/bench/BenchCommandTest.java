package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tiny CI bench run: two small crops of Kodak images, in-process codecs. */
class BenchCommandTest {
    @TempDir
    Path out;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(stdout));
        cl.setErr(new PrintWriter(stderr));
        return cl.execute(args);
    }

    private static String tiny() {
        return ReferencePairs.dir().resolve("tiny").toString();
    }

    @Test
    void tinyJpegBenchWritesJsonMarkdownAndPlots() throws Exception {
        int rc = run(tiny(), "--codecs", "jpeg", "--qualities", "20,50,80", "--out", out.toString(), "--no-progress");
        assertEquals(0, rc, stderr.toString());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve(BenchCommand.JSON_FILE))).getAsJsonObject();
        assertEquals(6, json.getAsJsonArray("measurements").size());
        assertEquals(2, json.getAsJsonArray("images").size());
        String md = Files.readString(out.resolve(BenchCommand.MARKDOWN_FILE));
        assertTrue(md.startsWith("2 images from"), md);
        assertTrue(md.contains("### jpeg"), md);
        assertEquals(md, stdout.toString());
        assertEquals(900, ImageIO.read(out.resolve(RdPlots.PSNR_FILE).toFile()).getWidth());
        assertTrue(Files.exists(out.resolve(RdPlots.MSSSIM_FILE)));
    }

    @Test
    void tinyVqzAndJpegBench() throws Exception {
        assumeTrue(VqzCodec.create().unavailableReason() == null, "no default VQZ model in this build");
        int rc = run(tiny(), "--codecs", "vqz,jpeg", "--qualities", "10,50", "--vqz-qualities", "50,100",
                "--json", "--no-progress");
        assertEquals(0, rc, stderr.toString());
        JsonObject json = JsonParser.parseString(stdout.toString()).getAsJsonObject();
        assertEquals(8, json.getAsJsonArray("measurements").size());
        JsonObject vqz = json.getAsJsonArray("summary").get(0).getAsJsonObject();
        assertEquals("vqz", vqz.get("codec").getAsString());
        assertTrue(vqz.get("payloadOverIdeal").getAsDouble() >= 0.99, vqz.toString());
        assertTrue(vqz.get("decodeMegapixelsPerSecond").getAsDouble() > 0, vqz.toString());
    }

    @Test
    void effortLevelsRunAsCodecsOfTheirOwnBesideTheDefault() throws Exception {
        assumeTrue(VqzCodec.create().unavailableReason() == null, "no default VQZ model in this build");
        int rc = run(tiny(), "--codecs", "vqz,vqz-e0,vqz-e2", "--vqz-qualities", "75", "--limit", "1", "--json",
                "--no-progress");
        assertEquals(0, rc, stderr.toString());
        JsonObject json = JsonParser.parseString(stdout.toString()).getAsJsonObject();
        assertEquals(3, json.getAsJsonArray("measurements").size());
        List<String> names = new java.util.ArrayList<>();
        json.getAsJsonArray("summary").forEach(e -> names.add(e.getAsJsonObject().get("codec").getAsString()));
        assertEquals(List.of("vqz", "vqz-e0", "vqz-e2"), names);
        assertEquals(2, run(tiny(), "--codecs", "vqz-e10"));
        assertTrue(stderr.toString().contains("unknown codec 'vqz-e10'"), stderr.toString());
    }

    @Test
    void jsonOnStdoutWithLimit() {
        int rc = run(tiny(), "--codecs", "jpeg", "--qualities", "30", "--limit", "1", "--json", "--no-progress");
        assertEquals(0, rc, stderr.toString());
        JsonObject json = JsonParser.parseString(stdout.toString()).getAsJsonObject();
        assertEquals(1, json.getAsJsonArray("measurements").size());
        assertEquals("jpeg", json.get("anchor").getAsString());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, run(tiny(), "--codecs", "jpeg,gif"));
        assertTrue(stderr.toString().contains("unknown codec 'gif'"), stderr.toString());
        assertEquals(2, run(tiny(), "--qualities", "101"));
        assertEquals(2, run(out.resolve("nope").toString()));
    }

    @Test
    void emptyDirectoryFails() {
        assertEquals(1, run(out.toString(), "--codecs", "jpeg", "--no-progress"));
        assertTrue(stderr.toString().contains("no readable images"), stderr.toString());
    }
}
