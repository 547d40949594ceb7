package io.vqz.entropy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads one of VQZ's native kernels shipped as a resource beside its Java reference (the prior's here, the codebook
 * search's in the codec), for the project's own kernels only: the library is copied out of the jar to a temporary
 * file, loaded, and the file deleted (the loaded library stays mapped). Shipped for Linux on x86-64; elsewhere, where
 * the resource is missing or cannot be loaded, or where the switch property is {@code false}, the answer is false
 * and the caller runs its Java path, with the reason in the owner's FINE log (asked for only then: the logging
 * system costs a cold start tens of milliseconds).
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.9
 */
public final class NativeLibrary {
    private NativeLibrary() {
    }

    /**
     * @param owner    the class whose package holds {@code native/linux-x64/<name>} and whose logger reports failures
     * @param name     the library's file name, e.g. {@code libvqzprior.so}
     * @param property the system property that turns the kernel off when {@code false}
     * @return whether the library is loaded
     */
    public static boolean load(Class<?> owner, String name, String property) {
        if ("false".equals(System.getProperty(property))) {
            return false;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))
                || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return false;
        }
        try (InputStream in = owner.getResourceAsStream("native/linux-x64/" + name)) {
            if (in == null) {
                return false;
            }
            Path file = Files.createTempFile(name.replace(".so", "-"), ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file);
            }
            return true;
        } catch (IOException | LinkageError | SecurityException e) {
            Logger.getLogger(owner.getName()).log(Level.FINE, name + " not loaded; the Java path runs", e);
            return false;
        }
    }
}
