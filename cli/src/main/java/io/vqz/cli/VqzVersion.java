package io.vqz.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code vqz --version}: the version filtered into {@code io/vqz/cli/version.properties} at build time
 * (falling back to the jar manifest), the Java runtime and the bundled model.
 *
 * @since 0.1
 */
final class VqzVersion implements IVersionProvider {

    /** The project version, or {@code "unknown"} when neither the resource nor the manifest has one. */
    static String version() {
        try (InputStream in = VqzVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String v = VqzVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
                "vqz " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "default model: " + Models.describeDefault(),
        };
    }
}
