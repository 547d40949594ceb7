package io.vqz.bench;

import io.vqz.codec.Effort;
import io.vqz.codec.EncodeResult;
import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzContainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * VQZ in-process through {@link VqzEncoder} and {@link VqzDecoder} with their default thread counts (one
 * per processor), as a library user would call them. Besides size and times it reports the tile
 * payloads' size and the prior's ideal code length ({@link EncodeResult#idealBits()}), whose ratio is the
 * range coder's efficiency. The payload size is read back from the container, outside the timed decode.
 * Not thread-safe (caches encoders per quality).
 *
 * @since 0.1
 */
final class VqzCodec implements BenchCodec {
    private final Path modelFile;
    private final int effort;
    private final Map<Integer, VqzEncoder> encoders = new HashMap<>();
    private ModelBundle bundle;
    private VqzDecoder decoder;
    private String loadError;

    private VqzCodec(Path modelFile, int effort) {
        this.modelFile = modelFile;
        this.effort = Effort.check(effort);
    }

    /** The default model shipped in the codec jar. */
    static VqzCodec create() {
        return new VqzCodec(null, Effort.DEFAULT);
    }

    /** A model bundle file ({@code .vqzm}); {@code null} for the default model. */
    static VqzCodec create(Path modelFile) {
        return new VqzCodec(modelFile, Effort.DEFAULT);
    }

    /**
     * As {@link #create(Path)} at an encoder effort ({@link Effort}); named {@code vqz-e<effort>} unless it is the
     * default, so one run can set several levels side by side.
     */
    static VqzCodec create(Path modelFile, int effort) {
        return new VqzCodec(modelFile, effort);
    }

    /** The codec name of an effort level: {@code vqz} for the default, else {@code vqz-e<effort>}. */
    static String name(int effort) {
        return effort == Effort.DEFAULT ? "vqz" : "vqz-e" + effort;
    }

    @Override
    public String name() {
        return name(effort);
    }

    @Override
    public String description() {
        ModelBundle b = bundleOrNull();
        return "VQZ in-process, model " + (b == null ? "?" : b.name() + " " + b.version() + " (" + b.idHex().substring(0, 12) + ")")
                + ", effort " + effort + ", " + Runtime.getRuntime().availableProcessors() + " threads, VQZ quality 0-100";
    }

    @Override
    public String unavailableReason() {
        if (modelFile == null && VqzCodec.class.getResource(ModelBundle.DEFAULT_RESOURCE) == null) {
            return "no default model " + ModelBundle.DEFAULT_RESOURCE + " in the codec jar";
        }
        return bundleOrNull() == null ? "cannot load the model: " + loadError : null;
    }

    @Override
    public void warmUp(Source source, int quality, Path work) throws IOException {
        // the first coding loads the ONNX sessions; the second runs on warm JIT-compiled prior code
        code(source, quality, work);
        code(source, quality, work);
    }

    @Override
    public Coded code(Source source, int quality, Path work) throws IOException {
        ModelBundle b = bundle();
        VqzEncoder encoder = encoders.computeIfAbsent(quality, q -> VqzEncoder.builder().quality(q).model(b)
                .effort(effort).build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        EncodeResult result = encoder.encode(source.image(), null, bytes);
        long t1 = System.nanoTime();
        BufferedImage decoded = decoder.decode(new ByteArrayInputStream(bytes.toByteArray()));
        long t2 = System.nanoTime();
        VqzContainer container = decoder.read(new ByteArrayInputStream(bytes.toByteArray()));
        long payload = 0;
        for (int l = 0; l < container.header().layers(); l++) {
            payload += container.tileDataLength(l);
        }
        if (bytes.size() != result.bytes()) {
            throw new IOException("EncodeResult.bytes() " + result.bytes() + " but " + bytes.size() + " bytes written");
        }
        return new Coded(bytes.size(), t1 - t0, t2 - t1, decoded, payload * 8.0, result.idealBits());
    }

    private ModelBundle bundle() throws IOException {
        ModelBundle b = bundleOrNull();
        if (b == null) {
            throw new IOException("cannot load the model: " + loadError);
        }
        return b;
    }

    private ModelBundle bundleOrNull() {
        if (bundle == null && loadError == null) {
            try {
                ModelBundle b = modelFile == null ? ModelBundle.defaultBundle() : ModelBundle.load(modelFile);
                decoder = VqzDecoder.builder().registry(ModelRegistry.builder().add(b).addShipped().build()).build();
                bundle = b;
            } catch (IOException | RuntimeException e) {
                loadError = String.valueOf(e.getMessage());
            }
        }
        return bundle;
    }
}
