package io.vqz.imageio;

import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;
import io.vqz.codec.VqzDecoder;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzMetadata;

import javax.imageio.IIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec objects the plugin shares between all readers and writers: the standard model registry (the default
 * model plus {@code VQZ_MODEL_PATH}), immutable and thread-safe in the codec; the models' networks are loaded
 * once, so sharing it keeps every {@code ImageReader} instance and the decoder of each read cheap.
 * Thread-safe (lazy initialisation under the class lock).
 */
final class VqzCodecs {

    private static ModelRegistry registry;

    private VqzCodecs() {
    }

    /** The limits of a read: the parameters' if they are VQZ's, else the system properties' over the defaults. */
    static VqzLimits limits(javax.imageio.ImageReadParam param) {
        return param instanceof VqzImageReadParam ? ((VqzImageReadParam) param).getLimits()
                : VqzLimits.fromSystemProperties();
    }

    static synchronized ModelRegistry registry() throws IOException {
        if (registry == null) {
            try {
                registry = ModelRegistry.standard();
            }
            catch (RuntimeException e) {
                // A broken installation (default model missing or unreadable): a checked error for ImageIO callers
                throw new IIOException("Cannot load the VQZ models: " + e.getMessage(), e);
            }
        }
        return registry;
    }

    /** A decoder held to these limits (cheap: the registry and its models are shared). */
    static VqzDecoder decoder(VqzLimits limits) throws IOException {
        return VqzDecoder.builder().registry(registry()).limits(limits).build();
    }

    /** The names of the installed models, the default model first; empty if none can be loaded. */
    static List<String> modelNames() {
        List<String> names = new ArrayList<>();
        try {
            String first = defaultModelName();
            if (first != null) {
                names.add(first);
            }
            for (ModelBundle bundle : registry().list()) {
                if (!names.contains(bundle.name())) {
                    names.add(bundle.name());
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // No usable registry: the writer will report it when asked to write.
        }
        return names;
    }

    static String defaultModelName() {
        try {
            return ModelBundle.defaultBundle().name();
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    /** Container metadata, or {@code null} when there is nothing to store. */
    static VqzMetadata metadata(byte[] icc, byte[] exif, byte[] xmp) {
        if (icc == null && exif == null && xmp == null) {
            return null;
        }
        return VqzMetadata.of(icc, exif, xmp);
    }

    /** The model of that name, or the default model for {@code null}. */
    static ModelBundle model(String name) throws IOException {
        if (name == null) {
            try {
                return ModelBundle.defaultBundle();
            }
            catch (RuntimeException e) {
                throw new IIOException("Cannot load the default VQZ model: " + e.getMessage(), e);
            }
        }
        try {
            return registry().resolve(name);
        }
        catch (IOException e) {
            throw new IIOException("VQZ: " + e.getMessage(), e);
        }
    }
}
