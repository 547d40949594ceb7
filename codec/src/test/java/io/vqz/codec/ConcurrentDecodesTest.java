package io.vqz.codec;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimitException;
import io.vqz.format.VqzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sixteen decodes of one 25-megapixel file started together on a 1 GiB heap, as a server meets them: each either
 * decodes or fails with {@link VqzLimitException}, none with {@link OutOfMemoryError}, and the JVM decodes after.
 * Before the heap was reserved process-wide, six of them ran out of memory in the first 1.7 s.
 */
class ConcurrentDecodesTest {
    static final int WIDTH = 6144;
    static final int HEIGHT = 4096;

    @Test
    void sixteenDecodesOnAOneGigabyteHeapSucceedOrFailWithTheLimitError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.vqz");
        writeBigFile(file);
        String out = ChildJvm.run(ConcurrentDecodesTest.class, "-Xmx1g", "-DVQZ_MODEL_PATH="
                + TinyModelCase.LAYERED.getParent(), "-Dvqz.test.file=" + file);
        assertTrue(out.contains("oom=0 other=0") && out.contains("healthy"), out);
        assertTrue(!out.contains(" ok=0 "), "at least one decode succeeds: " + out);
    }

    /** A 6144 x 4096 picture of bands and a diagonal, coded with the tiny layered model at quality 100. */
    static void writeBigFile(Path file) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 16; i++) {
            g.setColor(new Color(i * 16, 255 - i * 12, (i * 53) % 256));
            g.fillRect(i * WIDTH / 16, 0, WIDTH / 16, HEIGHT);
        }
        g.setColor(Color.WHITE);
        g.drawLine(0, 0, WIDTH, HEIGHT);
        g.dispose();
        VqzContainer c = VqzEncoder.builder().model(ModelBundle.load(TinyModelCase.LAYERED)).quality(100).build()
                .encodeContainer(img, null);
        try (OutputStream out = Files.newOutputStream(file)) {
            VqzWriter.write(c, out);
        }
    }

    /** Decodes the file named by vqz.test.file on 16 threads at once, then once more; prints the outcomes. */
    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(System.getProperty("vqz.test.file")));
        VqzDecoder decoder = VqzDecoder.builder().threads(2).build();
        Map<String, AtomicInteger> outcomes = new TreeMap<>();
        for (String k : List.of("ok", "limit", "oom", "other")) {
            outcomes.put(k, new AtomicInteger());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread t = new Thread(() -> {
                String outcome;
                try {
                    start.await();
                    BufferedImage image = decoder.decode(new ByteArrayInputStream(bytes));
                    outcome = image.getWidth() == WIDTH ? "ok" : "other";
                } catch (VqzLimitException e) {
                    outcome = "limit";
                } catch (OutOfMemoryError e) {
                    if (outcomes.get("oom").get() == 0) {
                        e.printStackTrace();
                    }
                    outcome = "oom";
                } catch (Throwable e) {
                    e.printStackTrace();
                    outcome = "other";
                }
                outcomes.get(outcome).incrementAndGet();
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        StringBuilder line = new StringBuilder();
        outcomes.forEach((k, v) -> line.append(' ').append(k).append('=').append(v.get()));
        System.out.println(line.append(' '));
        BufferedImage after = decoder.decode(new ByteArrayInputStream(bytes));
        System.out.println(after.getWidth() == WIDTH ? "healthy" : "wrong size after");
    }
}
