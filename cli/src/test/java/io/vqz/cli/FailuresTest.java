package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

import io.vqz.format.VqzFormatException;

class FailuresTest {

    @Test
    void problemsInWords() {
        assertEquals("no such file", Failures.problem(new NoSuchFileException("a")));
        assertEquals("exists, use --force to overwrite", Failures.problem(new FileAlreadyExistsException("a")));
        assertEquals("permission denied", Failures.problem(new AccessDeniedException("a")));
        assertEquals("corrupt .vqz file: bad CRC (at byte offset 12)",
                Failures.problem(new VqzFormatException("bad CRC", 12)));
        assertEquals("not a VQZ file (at byte offset 0)",
                Failures.problem(new VqzFormatException("not a VQZ file", 0)));
        assertEquals("NullPointerException", Failures.problem(new NullPointerException()));
        assertEquals("IllegalStateException: two lines", Failures.problem(new IllegalStateException("two\nlines")));
    }

    @Test
    void reportIsOneLineUnlessDebugging() {
        StringWriter sw = new StringWriter();
        Failures.report(new PrintWriter(sw), "x.vqz", new NoSuchFileException("x.vqz"), false);
        assertEquals("vqz: x.vqz: no such file" + System.lineSeparator(), sw.toString());
        sw = new StringWriter();
        Failures.report(new PrintWriter(sw), "x.vqz", new NoSuchFileException("x.vqz"), true);
        assertTrue(sw.toString().contains("\tat "), sw::toString);
    }
}
