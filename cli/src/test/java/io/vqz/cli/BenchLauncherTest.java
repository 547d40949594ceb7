package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vqz bench} runs the benchmark's own jar with the same arguments and exit status. */
class BenchLauncherTest {

    @Test
    void runsTheBenchJarWithItsArgumentsAndExitStatus(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("vqz-bench.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeBench.class.getName());
        Path classes = Path.of(FakeBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        String before = System.getProperty("vqz.bench.jar");
        System.setProperty("vqz.bench.jar", jar.toString());
        try {
            // --help too goes to the bench jar (FakeBench prints the arguments to the inherited stdout)
            CliRun r = CliRun.vqz("bench", "photos/", "--codecs", "vqz,jpeg", "--help");
            assertEquals(3, r.exit, r::toString);
        } finally {
            if (before == null) {
                System.clearProperty("vqz.bench.jar");
            } else {
                System.setProperty("vqz.bench.jar", before);
            }
        }
    }

    @Test
    void saysWhereToGetTheJarWhenItIsMissing(@TempDir Path dir) {
        System.setProperty("vqz.bench.jar", dir.resolve("missing.jar").toString());
        try {
            CliRun r = CliRun.vqz("bench", "photos/");
            assertEquals(1, r.exit, r::toString);
            assertTrue(r.err.contains("vqz-bench.jar not found") && r.err.contains("-pl bench -am package"), r.err);
        } finally {
            System.clearProperty("vqz.bench.jar");
        }
    }
}
