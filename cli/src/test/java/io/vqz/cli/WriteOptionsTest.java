package io.vqz.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteOptionsTest {
    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        WriteOptions writing;
    }

    @Test
    void forceAndQuietAreOffUnlessGiven() {
        Holder none = new Holder();
        new CommandLine(none).parseArgs();
        assertFalse(none.writing.force);
        assertFalse(none.writing.quiet);

        Holder both = new Holder();
        new CommandLine(both).parseArgs("-f", "--quiet");
        assertTrue(both.writing.force);
        assertTrue(both.writing.quiet);

        Holder longForce = new Holder();
        new CommandLine(longForce).parseArgs("--force");
        assertTrue(longForce.writing.force);
        assertFalse(longForce.writing.quiet);
    }
}
