package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM with a long command line (as Spark executors and application servers have) codes on a worker thread
 * of the default 1 MB stack: ONNX Runtime's start recurses with the command line's length and used to overflow
 * that stack, a SIGSEGV that killed the JVM (exit 139).
 */
class LongCommandLineTest {

    /** Encodes and decodes on a plain worker thread. */
    public static void main(String[] args) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                VqzDecoder.builder().threads(1).build()
                        .decode(new ByteArrayInputStream(VqzDecoderTest.encode(img, 50)));
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        worker.start();
        worker.join();
        System.out.println(failure[0] == null ? "ok" : "failed: " + failure[0]);
    }

    @Test
    void aLongCommandLineDoesNotCrashOnnxRuntimeOnAWorkerThread() throws Exception {
        // exit 139 (SIGSEGV) fails ChildJvm's exit-code assertion
        String out = ChildJvm.run(LongCommandLineTest.class, "-Dvqz.test.pad=" + "x".repeat(40_000));
        assertTrue(out.contains("ok"), out);
    }
}
