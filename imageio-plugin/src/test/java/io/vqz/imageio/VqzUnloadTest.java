package io.vqz.imageio;

import io.vqz.testdata.TestData;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's recipe for an application that registers the plugin from its own class loader and later goes
 * away (a web application being redeployed): after it, nothing keeps that class loader alive.
 */
class VqzUnloadTest {
    static final Path FILE = TestData.file("golden/rgb-37x23-tiled-metadata.vqz");

    /** The recipe, as in the README: deregister every ImageIO provider that {@code loader} defined. */
    static void deregisterProvidersOf(ClassLoader loader) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        for (Iterator<Class<?>> categories = registry.getCategories(); categories.hasNext(); ) {
            Class<?> category = categories.next();
            List<Object> mine = new ArrayList<>();
            for (Iterator<?> it = registry.getServiceProviders(category, false); it.hasNext(); ) {
                Object provider = it.next();
                if (provider.getClass().getClassLoader() == loader) {
                    mine.add(provider);
                }
            }
            mine.forEach(registry::deregisterServiceProvider);
        }
    }

    /** In a fresh JVM: an "application" loader registers the plugin, reads a header, deregisters, goes away. */
    public static void main(String[] args) throws Exception {
        IIORegistry.getDefaultInstance(); // the server starts ImageIO first (Tomcat's leak prevention does)
        WeakReference<ClassLoader> app = runApplication(args[0]);
        for (int i = 0; i < 50 && app.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        System.out.println(app.get() == null ? "collected" : "leaked");
    }

    private static WeakReference<ClassLoader> runApplication(String file) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader server = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            ImageIO.scanForPlugins();
            // this JVM's own class path has the plugin too: take the application's copy
            ImageReader reader = null;
            for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("vqz"); it.hasNext(); ) {
                ImageReader r = it.next();
                if (r.getClass().getClassLoader() == loader) {
                    reader = r;
                }
            }
            if (reader == null) {
                throw new IllegalStateException("the application's reader is not registered");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(new File(file))) {
                reader.setInput(in);
                System.out.println("read " + reader.getWidth(0) + "x" + reader.getHeight(0));
            }
            reader.dispose();
        } finally {
            thread.setContextClassLoader(server);
        }
        deregisterProvidersOf(loader);
        loader.close();
        return new WeakReference<>(loader);
    }

    @Test
    void theApplicationClassLoaderIsCollectedAfterTheRecipe() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                getClass().getName(), FILE.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("read 37x23") && out.contains("collected"), out);
    }
}
