package io.vqz.spark;

import io.vqz.codec.Effort;
import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;
import io.vqz.codec.Quality;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.codec.VqzScorer;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which model and how many codec threads a source, a function or the job uses, and the codecs themselves, made
 * once per executor JVM and shared by its tasks (the encoder, decoder and scorer are thread-safe).
 * <p>
 * Options (case-insensitive): {@code model}, the name of a bundled model ({@code vqz-f4-k512-l5-v2}) or a path to a
 * {@code .vqzm} bundle, absolute or the name of a file shipped with {@code spark-submit --files}; {@code modelId},
 * the SHA-256 that bundle must have (checked on every executor); {@code threads}, the codec's threads per task
 * (default 1: Spark runs one task per core already); {@code effort}, the encoder's effort 0..9 ({@link Effort}:
 * encode time for smaller files at the same quality; default {@value Effort#DEFAULT}).
 *
 * @param model   null for the default model
 * @param modelId null for no check
 * @param threads at least 1
 * @param effort  the encoder's effort
 */
record VqzCodecs(String model, String modelId, int threads, int effort) implements Serializable {
    private static final ConcurrentHashMap<VqzCodecs, ModelBundle> BUNDLES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<VqzCodecs, VqzDecoder> DECODERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<VqzCodecs, VqzScorer> SCORERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<List<Object>, VqzEncoder> ENCODERS = new ConcurrentHashMap<>();

    static VqzCodecs from(Map<String, String> options) {
        CaseInsensitiveStringMap o = new CaseInsensitiveStringMap(options);
        int t = o.getInt("threads", 1);
        if (t < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + t);
        }
        int effort = o.getInt("effort", Effort.DEFAULT);
        try {
            Effort.check(effort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option effort: " + e.getMessage(), e);
        }
        return new VqzCodecs(o.get("model"), o.get("modelId"), t, effort);
    }

    static int quality(Map<String, String> options) {
        return Quality.check(new CaseInsensitiveStringMap(options).getInt("quality", Quality.DEFAULT));
    }

    /** The model, loaded once per JVM and checked against {@code modelId}. */
    ModelBundle bundle() {
        return BUNDLES.computeIfAbsent(this, c -> {
            try {
                ModelBundle b = c.load();
                if (c.modelId != null && !c.modelId.toLowerCase(Locale.ROOT).equals(b.idHex())) {
                    throw new IllegalArgumentException("model " + b.name() + " from " + b.source() + " has id "
                            + b.idHex() + ", not the expected " + c.modelId);
                }
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The model option as the codec resolves it, a file shipped with {@code --files} found where Spark put it. */
    private ModelBundle load() throws IOException {
        if (model == null) {
            return ModelBundle.defaultBundle();
        }
        Path file = Path.of(model);
        Path shipped = Files.isRegularFile(file) ? file : Path.of(SparkFiles.get(file.getFileName().toString()));
        return ModelRegistry.standard().resolve(Files.isRegularFile(shipped) ? shipped.toString() : model);
    }

    VqzEncoder encoder(int quality) {
        return ENCODERS.computeIfAbsent(List.of(this, quality),
                k -> VqzEncoder.builder().model(bundle()).quality(quality).threads(threads).effort(effort).build());
    }

    /** A decoder for every bundled model and this one. */
    VqzDecoder decoder() {
        return DECODERS.computeIfAbsent(this, c -> {
            ModelRegistry registry = ModelRegistry.builder().addShipped().add(c.bundle()).build();
            return VqzDecoder.builder().registry(registry).threads(c.threads).build();
        });
    }

    VqzScorer scorer() {
        return SCORERS.computeIfAbsent(this, c -> VqzScorer.create(c.bundle(), c.threads));
    }
}
