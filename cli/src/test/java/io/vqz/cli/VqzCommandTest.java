package io.vqz.cli;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VqzCommandTest {

    @Test
    void versionNamesTheProjectVersion() {
        CliRun r = vqz("--version");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.startsWith("vqz " + VqzVersion.version()), r::toString);
        assertTrue(!VqzVersion.version().equals("unknown") && !VqzVersion.version().contains("${"), VqzVersion.version());
    }

    @Test
    void theVersionIsTheChangelogsNewestRelease() throws Exception {
        java.nio.file.Path log = java.nio.file.Path.of("..", "CHANGELOG.md");
        String newest = java.nio.file.Files.readAllLines(log).stream().filter(l -> l.startsWith("## "))
                .findFirst().orElseThrow().substring(3).split(" ")[0];
        assertTrue(VqzVersion.version().startsWith(newest + "."), VqzVersion.version() + " against CHANGELOG.md's "
                + newest);
    }

    @Test
    void noOptionNeedsAConverterTheCommandLineLeavesOut() {
        picocli.CommandLine all = VqzCommand.commandLine(new String[] {"-h"}, System.in, System.out, System.err);
        String[] excluded = System.getProperty(VqzCommand.CONVERTER_EXCLUDES).split(",");
        assertTrue(excluded.length >= 2, String.join(",", excluded));
        java.util.List<picocli.CommandLine> commands = new java.util.ArrayList<>(all.getSubcommands().values());
        commands.add(all);
        int options = 0;
        for (picocli.CommandLine c : commands) {
            for (picocli.CommandLine.Model.ArgSpec arg : c.getCommandSpec().args()) {
                for (Class<?> type : arg.auxiliaryTypes()) {
                    for (String regex : excluded) {
                        assertTrue(!type.getName().matches(regex), c.getCommandName() + " " + arg + ": " + type);
                    }
                }
                options++;
            }
        }
        assertTrue(options > 50, options + " options and parameters");
    }

    @Test
    void helpListsEveryCommand() {
        CliRun r = vqz("-h");
        assertEquals(0, r.exit, r::toString);
        for (String c : new String[] {"encode", "decode", "info", "score", "sample"}) {
            assertTrue(r.out.contains(c), c);
        }
        assertEquals("", r.err);
    }

    @Test
    void helpOfASubcommand() {
        CliRun r = vqz("help", "decode");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("--region"), r::toString);
        assertEquals(0, vqz("encode", "--help").exit);
    }

    @Test
    void aCommandLineWithOnlyTheNamedCommandReadsAsTheWholeOne() {
        // main registers only the subcommand the arguments name (a cold start then describes one, not ten)
        for (String[] args : new String[][] {{"decode", "--help"}, {"--debug", "dec", "--help"}, {"info", "--help"}}) {
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
            java.io.InputStream in = new java.io.ByteArrayInputStream(new byte[0]);
            picocli.CommandLine named = VqzCommand.commandLine(args, in, one, new java.io.ByteArrayOutputStream());
            assertEquals(1, named.getSubcommands().values().stream().distinct().count(), String.join(" ", args));
            assertEquals(0, named.execute(args));
            assertEquals(0, VqzCommand.commandLine(in, whole, new java.io.ByteArrayOutputStream()).execute(args));
            assertEquals(whole.toString(), one.toString(), String.join(" ", args));
        }
        // anything else gets every command: the usage and help list them
        for (String[] args : new String[][] {{"decod"}, {"help", "decode"}, {"--help"}, {}}) {
            assertTrue(VqzCommand.commandLine(args, System.in, System.out, System.err).getSubcommands().keySet()
                    .containsAll(java.util.Set.of("encode", "decode", "info", "help")), String.join(" ", args));
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = vqz();
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.startsWith("vqz: Missing command"), r::toString);
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() {
        CliRun r = vqz("frobnicate");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.startsWith("vqz: "), r::toString);
        r = vqz("encode", "--no-such-option", "x.png");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("--no-such-option"), r::toString);
        assertEquals("", r.out);
    }

    @Test
    void warmupRunsQuietlyAndIsHiddenFromTheHelp() {
        // the launcher records Java 25's start-up cache from this command: it must succeed and print nothing
        CliRun r = vqz("warmup");
        assertEquals(0, r.exit, r.toString());
        assertEquals("", r.out);
        assertTrue(!vqz("--help").out.contains("warmup"), "hidden");
    }
}
