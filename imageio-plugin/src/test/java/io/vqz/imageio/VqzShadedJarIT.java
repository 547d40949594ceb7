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
}
