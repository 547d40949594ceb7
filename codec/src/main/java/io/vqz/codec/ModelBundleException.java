package io.vqz.codec;

import java.io.IOException;

/**
 * A model bundle ({@code *.vqzm}) that cannot be used: not a tar file, an entry missing, a manifest, codebook or
 * prior that is malformed or disagrees with the manifest, a network ONNX Runtime cannot load. The message names
 * the bundle (its path, resource or "(stream)") and the entry.
 *
 * @since 0.3
 */
public class ModelBundleException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String bundle;
    private final String entry;

    /**
     * @param bundle  where the bundle was read from
     * @param entry   the entry at fault, or null for the bundle as a whole
     * @param problem what is wrong
     * @param cause   the underlying error, or null
     */
    public ModelBundleException(String bundle, String entry, String problem, Throwable cause) {
        super("model bundle " + bundle + (entry == null ? "" : ", entry " + entry) + ": " + problem, cause);
        this.bundle = bundle;
        this.entry = entry;
    }

    /** Where the bundle was read from. */
    public String bundle() {
        return bundle;
    }

    /** The entry at fault, or null when the bundle as a whole is. */
    public String entry() {
        return entry;
    }
}
