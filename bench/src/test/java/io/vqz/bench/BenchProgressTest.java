package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchProgressTest {
    @Test
    void plainLinesOffTerminal() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
        try (BenchProgress p = BenchProgress.start(2, false, err)) {
            p.note("skipping heic");
            p.step("a.png jpeg q5");
            p.step("a.png jpeg q10");
        }
        assertEquals("skipping heic\n[1/2] a.png jpeg q5\n[2/2] a.png jpeg q10\n",
                b.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void barOnTerminalWritesToTheGivenStream() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (BenchProgress p = BenchProgress.start(3, true, new PrintStream(b, true, StandardCharsets.UTF_8))) {
            p.step("x");
            p.step("y");
            p.step("z");
        }
        String out = b.toString(StandardCharsets.UTF_8);
        assertEquals(true, out.contains("bench") && out.contains("3/3"), out);
    }
}
