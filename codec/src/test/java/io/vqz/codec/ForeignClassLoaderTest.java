package io.vqz.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codec in its own class loader, first used on a thread whose context class loader cannot see it, as in an
 * application server: it must still find DJL's ONNX Runtime engine.
 */
class ForeignClassLoaderTest {

    /** In a fresh JVM: loads the codec through an isolated loader and decodes args[0] from a foreign thread. */
    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        try (URLClassLoader codec = new URLClassLoader(urls.toArray(new URL[0]), platform);
             URLClassLoader server = new URLClassLoader(new URL[0], platform)) {
            Thread.currentThread().setContextClassLoader(server);
            Class<?> decoderClass = codec.loadClass(VqzDecoder.class.getName());
            Object builder = decoderClass.getMethod("builder").invoke(null);
            Object decoder = builder.getClass().getMethod("build").invoke(builder);
            Object image = decoderClass.getMethod("decode", java.io.InputStream.class)
                    .invoke(decoder, new ByteArrayInputStream(Files.readAllBytes(Path.of(args[0]))));
            System.out.println("decoded " + ((BufferedImage) image).getWidth() + "x"
                    + ((BufferedImage) image).getHeight() + " in " + decoderClass.getClassLoader().getClass()
                    .getSimpleName());
        } catch (java.lang.reflect.InvocationTargetException e) {
            System.out.println("failed: " + e.getCause());
        }
    }

    @Test
    void decodesWhenTheContextClassLoaderCannotSeeTheCodec(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.vqz");
        Files.write(file, VqzDecoderTest.encode(TestImages.kodakCrop(2, 40, 24), 75));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                getClass().getName(), file.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("decoded 40x24 in URLClassLoader"), out);
    }
}
