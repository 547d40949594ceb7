package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchTest {

    @TempDir
    Path dir;

    @Test
    void secondsAsFormatterPrintsThem() {
        for (double s : new double[] {0, 0.004, 0.005, 0.06, 0.995, 1, 1.25, 12.345, 99.999, 1234.5}) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.2f s", s), Batch.seconds(s), Double.toString(s));
        }
    }

    @Test
    void namesAndSuffixes() throws Exception {
        assertEquals("a.vqz", Batch.renamed(Path.of("x/a.png"), "vqz"));
        assertEquals("a.b.vqz", Batch.renamed(Path.of("a.b.png"), "vqz"));
        assertEquals(".hidden.vqz", Batch.renamed(Path.of(".hidden"), "vqz"));
        assertTrue(Batch.hasSuffix(Path.of("A.PNG"), List.of("png")));
        assertFalse(Batch.hasSuffix(Path.of("apng"), List.of("png")));
        assertEquals(Path.of("x/a.vqz"), Batch.output(Path.of("x/a.png"), null, "vqz"));
        Path out = Batch.output(Path.of("x/a.png"), dir.resolve("made").toString(), "vqz");
        assertEquals(dir.resolve("made/a.vqz"), out);
        assertTrue(Files.isDirectory(dir.resolve("made")));
    }

    @Test
    void expandListsDirectoriesSortedAndKeepsMissingFiles() throws Exception {
        Files.writeString(dir.resolve("b.png"), "");
        Files.writeString(dir.resolve("a.png"), "");
        Files.writeString(dir.resolve("c.txt"), "");
        List<Path> files = Batch.expand(List.of(dir, Path.of("missing.png")), p -> Batch.hasSuffix(p, List.of("png")));
        assertEquals(List.of(dir.resolve("a.png"), dir.resolve("b.png"), Path.of("missing.png")), files);
        assertTrue(Batch.isBatch(List.of(dir)));
        assertFalse(Batch.isBatch(List.of(dir.resolve("a.png"))));
        assertThrows(Failures.FileFailure.class, () -> Batch.expand(List.of(dir), p -> false));
    }

    @Test
    void runReportsInInputOrderAndCountsFailures() {
        List<Path> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            in.add(Path.of("f" + i));
        }
        StringWriter lines = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Batch.run(in, 3, "test", new PrintWriter(lines), new PrintWriter(err), true, false, p -> {
            if (p.toString().equals("f3")) {
                throw new java.io.IOException("broken");
            }
            Thread.sleep(p.toString().equals("f0") ? 50 : 0);
            return "done " + p;
        });
        assertEquals(1, exit);
        assertEquals(String.join(System.lineSeparator(), "done f0", "done f1", "done f2", "done f4", "done f5", ""),
                lines.toString());
        assertTrue(err.toString().startsWith("vqz: f3: broken"), err::toString);
        assertTrue(err.toString().contains("1 of 6 files failed"), err::toString);
    }
}
