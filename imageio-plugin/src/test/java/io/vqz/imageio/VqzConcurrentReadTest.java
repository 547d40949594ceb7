package io.vqz.imageio;

import io.vqz.codec.ModelBundle;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzLimitException;
import io.vqz.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sixteen {@code ImageIO.read} calls of one 25-megapixel file at once on a 1 GiB heap, as a thumbnailer behind an
 * upload form meets them: each reads the image or fails with the documented limit error, none runs out of memory,
 * and the JVM reads the file after.
 */
class VqzConcurrentReadTest {
    private static final int WIDTH = 6144;
    private static final int HEIGHT = 4096;

    @Test
    void sixteenImageIoReadsOnAOneGigabyteHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.vqz");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.ORANGE, WIDTH, HEIGHT, Color.BLUE));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        try (OutputStream out = Files.newOutputStream(file)) {
            VqzEncoder.builder().model(ModelBundle.load(TestData.file("models/tiny-layered.vqzm"))).quality(100)
                    .build().encode(img, null, out);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-DVQZ_MODEL_PATH=" + TestData.file("models"), "-cp", System.getProperty("java.class.path"),
                getClass().getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains(" oom=0 other=0") && out.contains("healthy"), out);
        assertTrue(!out.contains("ok=0 "), "at least one read succeeds: " + out);
    }

    /** Reads args[0] with ImageIO.read on 16 threads at once, then once more; prints the outcomes. */
    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger limit = new AtomicInteger();
        AtomicInteger oom = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    BufferedImage image = ImageIO.read(file);
                    (image != null && image.getWidth() == WIDTH ? ok : other).incrementAndGet();
                } catch (IIOException e) {
                    if (!(e.getCause() instanceof VqzLimitException)) {
                        e.printStackTrace();
                    }
                    (e.getCause() instanceof VqzLimitException ? limit : other).incrementAndGet();
                } catch (VqzLimitException e) {
                    limit.incrementAndGet();
                } catch (OutOfMemoryError e) {
                    oom.incrementAndGet();
                } catch (Throwable e) {
                    e.printStackTrace();
                    other.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("ok=" + ok + " limit=" + limit + " oom=" + oom + " other=" + other);
        BufferedImage after = ImageIO.read(file);
        System.out.println(after != null && after.getWidth() == WIDTH ? "healthy" : "wrong after");
    }
}
