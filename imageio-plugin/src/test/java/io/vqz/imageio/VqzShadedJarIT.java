package io.vqz.imageio;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The self-contained jar ({@code vqz-imageio-<version>-all.jar}) alone on the class path of a fresh JVM: plain
 * {@code ImageIO.read(new File("x.vqz"))} works and {@code ImageIO.write(image, "vqz", file)} too. Runs in the
 * {@code package} phase, after shading.
 */
class VqzShadedJarIT {

    @Test
    void imageIoReadsAndWritesWithOnlyTheShadedJar() throws IOException, InterruptedException, URISyntaxException {
        String jar = System.getProperty("vqz.shadedJar");
        assertNotNull(jar, "system property vqz.shadedJar (set by the pom)");
        assertTrue(new File(jar).isFile(), jar);
        File probe = new File(VqzShadedJarIT.class.getResource("/ShadedJarProbe.java").toURI());
        File input = VqzTestImages.rgbFile();
        File output = File.createTempFile("vqz-shaded", ".vqz");
        output.deleteOnExit();
        File log = File.createTempFile("vqz-shaded", ".log");
        log.deleteOnExit();

        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", jar, probe.getPath(),
                input.getPath(), output.getPath());
        builder.environment().remove("VQZ_MODEL_PATH");
        builder.environment().remove("CLASSPATH");
        builder.redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "probe finished");
        List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join("\n", lines));
        assertTrue(lines.contains("READ 48x40"), String.join("\n", lines));
        assertTrue(output.length() > 0);
        assertTrue(new VqzImageReaderSpi().canDecodeInput(
                javax.imageio.ImageIO.createImageInputStream(output)));
    }

    @Test
    void aHostWithOlderCommonsIoAndSlf4j17KeepsItsLibrariesAndItsLogging() throws Exception {
        String jar = System.getProperty("vqz.shadedJar");
        File libs = new File(System.getProperty("vqz.hostLibs", ""));
        File[] host = libs.listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull(host, "host libraries in " + libs);
        assertEquals(4, host.length, java.util.Arrays.toString(host));
        StringBuilder cp = new StringBuilder();
        for (File f : host) {
            cp.append(f.getPath()).append(File.pathSeparator);
        }
        cp.append(jar); // the host's own libraries come first, as they would in its class path
        File probe = new File(VqzShadedJarIT.class.getResource("/HostAppProbe.java").toURI());
        File output = File.createTempFile("vqz-host", ".vqz");
        output.deleteOnExit();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", cp.toString(), probe.getPath(),
                VqzTestImages.rgbFile().getPath(), output.getPath());
        builder.environment().remove("CLASSPATH");
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "probe finished");
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("READ 48x40") && out.contains("WROTE true") && out.contains("DECODED 48x40 3"), out);
        // logback (the host's SLF4J 1.7 provider) still prints both lines, and nothing of SLF4J 2 shows
        assertTrue(out.contains("INFO host - host logging before"), out);
        assertTrue(out.contains("INFO host - host logging after"), out);
        assertFalse(out.contains("SLF4J"), out);
    }
}
