package io.vqz.cli;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class InfoCommandTest {

    @TempDir
    Path dir;

    @Test
    void textDescribesTheFile() throws Exception {
        Path f = CliRun.vqzFile(dir, "a.vqz");
        CliRun r = vqz("info", f);
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("Dimensions:  32 x 24"), r::toString);
        assertTrue(r.out.contains("Size:        " + Files.size(f) + " bytes"), r::toString);
        assertTrue(r.out.contains("Chunks:"), r::toString);
        assertTrue(r.out.contains("(available)"), r::toString);
        assertEquals("", r.err);
    }

    @Test
    void jsonHasTheHeaderAndChunks() throws Exception {
        Path f = CliRun.vqzFile(dir, "b.vqz");
        CliRun r = vqz("info", "--json", f);
        assertEquals(0, r.exit, r::toString);
        JsonObject o = JsonParser.parseString(r.out).getAsJsonObject();
        assertEquals(32, o.get("width").getAsInt());
        assertEquals(24, o.get("height").getAsInt());
        assertEquals(Files.size(f), o.get("bytes").getAsLong());
        assertEquals(8 * 6, o.get("gridWidth").getAsInt() * o.get("gridHeight").getAsInt());
        JsonArray chunks = o.getAsJsonArray("chunks");
        assertFalse(chunks.isEmpty());
        assertEquals(64, o.getAsJsonObject("model").get("id").getAsString().length());
        long total = 0;
        for (var c : chunks) {
            total += c.getAsJsonObject().get("length").getAsLong();
        }
        assertTrue(total < Files.size(f));
    }

    @Test
    void severalFilesGiveAJsonArrayAndFailuresAreReported() throws Exception {
        Path a = CliRun.vqzFile(dir, "c.vqz");
        Path bad = Files.writeString(dir.resolve("bad.vqz"), "VQZ? no");
        CliRun r = vqz("info", "--json", a, bad);
        assertEquals(1, r.exit, r::toString);
        assertEquals(1, JsonParser.parseString(r.out).getAsJsonArray().size());
        assertEquals(1, r.errLines().length, r::toString);
        assertTrue(r.err.startsWith("vqz: " + bad + ": "), r::toString);
    }

    @Test
    void missingFile() {
        CliRun r = vqz("info", dir.resolve("none.vqz"));
        assertEquals(1, r.exit);
        assertEquals("vqz: " + dir.resolve("none.vqz") + ": no such file", r.err.strip());
        assertEquals(2, vqz("info").exit);
    }
}
