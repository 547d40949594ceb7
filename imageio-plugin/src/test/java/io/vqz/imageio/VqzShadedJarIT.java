package io.vqz.imageio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

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

    /**
     * The jar carries ONNX Runtime's libraries xz-packed only (not ONNX Runtime's own deflated copies); the first
     * run unpacks this platform's into the cache, checked against the jar's index; where no cache can be written
     * they go to a temporary directory that is gone when the JVM exits.
     */
    @Test
    void thePackedNativesUnpackIntoTheCacheOrElseATemporaryDirectory(@TempDir Path dir) throws Exception {
        String jar = System.getProperty("vqz.shadedJar");
        Properties index = new Properties();
        try (ZipFile zip = new ZipFile(jar)) {
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("ai/onnxruntime/native/")),
                    "ONNX Runtime's own copies of its natives are left out");
            try (var in = zip.getInputStream(zip.getEntry("io/vqz/natives/index.properties"))) {
                index.load(in);
            }
            for (String platform : List.of("linux-x64", "linux-aarch64", "osx-aarch64", "win-x64")) {
                assertTrue(index.keySet().stream().anyMatch(k -> ((String) k).startsWith(platform + "/")), platform);
            }
            for (Object name : index.keySet()) {
                assertNotNull(zip.getEntry("io/vqz/natives/" + name + ".xz"), name + " packed");
            }
        }

        Path cache = dir.resolve("cache");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        runProbe(jar, cache, tmp);
        List<Path> unpacked;
        try (var s = Files.list(cache)) {
            unpacked = s.collect(Collectors.toList());
        }
        assertEquals(1, unpacked.size(), unpacked.toString());
        String library = System.mapLibraryName("onnxruntime").replace(".jnilib", ".dylib");
        String platform = unpacked.get(0).getFileName().toString().replaceFirst("^onnxruntime-(.*)-[0-9a-f]{16}$", "$1");
        String recorded = index.getProperty(platform + "/" + library);
        assertNotNull(recorded, unpacked.get(0) + " names a platform of the index");
        assertTrue(unpacked.get(0).getFileName().toString().endsWith(recorded.split(" ")[1].substring(0, 16)));
        assertEquals(Long.parseLong(recorded.split(" ")[0]), Files.size(unpacked.get(0).resolve(library)));

        Path unwritable = Files.createFile(dir.resolve("a-file")).resolve("cache");
        runProbe(jar, unwritable, tmp);
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.collect(Collectors.toList()), "nothing left in java.io.tmpdir");
        }
    }

    private static void runProbe(String jar, Path cache, Path tmp) throws Exception {
        File probe = new File(VqzShadedJarIT.class.getResource("/ShadedJarProbe.java").toURI());
        File output = File.createTempFile("vqz-shaded", ".vqz");
        output.deleteOnExit();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-Dvqz.cache.dir=" + cache,
                "-Djava.io.tmpdir=" + tmp, "-cp", jar, probe.getPath(), VqzTestImages.rgbFile().getPath(),
                output.getPath());
        builder.environment().remove("CLASSPATH");
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "probe finished");
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("READ 48x40"), out);
        assertFalse(out.contains("WARNING"), out);
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
