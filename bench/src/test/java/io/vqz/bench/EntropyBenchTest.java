package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EntropyBenchTest {

    @Test
    void runsOnTheDefaultModelsTwoLevelPrior() throws Exception {
        // the default's priors code a group and a member: the benchmark must not ask them for a K-symbol table
        String out = captured(() -> EntropyBench.run("--grid", "32x32", "--tile", "16x16", "--runs", "1", "--prior",
                Path.of("..", "codec", "src", "main", "resources", "io", "vqz", "codec", "default.vqzm").toString()));
        assertTrue(out.contains("positions/s") && out.contains("grid 32x32"), out);
    }

    @Test
    void pricesPriorShapes() throws Exception {
        assertArrayEquals(new int[] {32, 2, 16, 1}, PriorShapes.parse("32x2/16x1"));
        assertThrows(IllegalArgumentException.class, () -> PriorShapes.parse("32x2"));
        String out = captured(() -> PriorShapes.main("--layers", "2", "--runs", "1", "8x1/8x1"));
        assertTrue(out.startsWith("base 8x1, refinements 8x1, 2 layers, 32 groups: "), out);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String captured(Body body) throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(was);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
