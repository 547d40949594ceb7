package io.vqz.codec;

import io.vqz.format.ModelId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of the model bundles shipped in the codec jar, the one place that knows them: the default and the
 * earlier defaults whose files must keep decoding, how each is stored (a bundle, a delta against another, or
 * derived in Java at half resolution), the id and manifest recorded beside each, and the bundles read so far
 * (each once per process, then shared).
 * <p>
 * Thread-safe.
 */
final class ShippedModels {
    private ShippedModels() {
    }

    /**
     * The model the default's lowest qualities encode with ({@link Quality#HALF_RESOLUTION_BELOW}): the default run
     * at half resolution ({@code f = 8}: a 2×2 mean before its encoder, a fixed 2× upsampler after its decoder,
     * the same weights), since 0.9 {@code vqz-f8-k512-l6-v22-half}. Derived in Java ({@link #DERIVED}): only its
     * recorded id ships.
     */
    static final String HALF_RESOLUTION_RESOURCE = "/io/vqz/codec/default-half.vqzm";

    /**
     * The half-resolution model of 0.5 and 0.6, {@code vqz-f8-k512-l5-v2-half} ({@link #V2_RESOURCE} at half
     * resolution), derived, for its files.
     */
    static final String V2_HALF_RESOLUTION_RESOURCE = "/io/vqz/codec/vqz-f8-k512-l5-v2-half.vqzm";

    /**
     * The default of 0.8, {@code vqz-f4-k512-l6-v21g}: 0.7's networks and codebooks with two-level priors, shipped
     * for its files and as the base of {@link #V21_RESOURCE}'s delta.
     */
    static final String V21G_RESOURCE = "/io/vqz/codec/vqz-f4-k512-l6-v21g.vqzm";

    /** The half-resolution model of 0.8, {@code vqz-f8-k512-l6-v21g-half} ({@link #V21G_RESOURCE} at f = 8). */
    static final String V21G_HALF_RESOLUTION_RESOURCE = "/io/vqz/codec/vqz-f8-k512-l6-v21g-half.vqzm";

    /**
     * The default of 0.6 and 0.7, {@code vqz-f4-k512-l6-v21}: 0.8's default without the priors' group heads
     * (one-level priors), so stored as a delta against it ({@link #STORED_AS_DELTA}).
     */
    static final String V21_RESOURCE = "/io/vqz/codec/vqz-f4-k512-l6-v21.vqzm";

    /** The half-resolution model of 0.7, {@code vqz-f8-k512-l6-v21-half} ({@link #V21_RESOURCE} at half resolution). */
    static final String V21_HALF_RESOLUTION_RESOURCE = "/io/vqz/codec/vqz-f8-k512-l6-v21-half.vqzm";

    /**
     * The layered default of 0.3–0.5, five layers of nearest-codeword codebooks ({@code vqz-f4-k512-l5-v2}), shipped
     * for its files and as the source of {@link #V2_HALF_RESOLUTION_RESOURCE}.
     */
    static final String V2_RESOURCE = "/io/vqz/codec/vqz-f4-k512-l5-v2.vqzm";

    /** The default of versions 0.1 and 0.2: one layer of 512 codes ({@code vqz-f4-k512-v1}). */
    static final String V1_RESOURCE = "/io/vqz/codec/vqz-f4-k512-v1.vqzm";

    /**
     * Every bundle shipped in the codec jar, the default first, then the earlier defaults whose files must keep
     * decoding. Each resource has its SHA-256 recorded beside it as {@code <resource>.sha256} (64 hex digits,
     * checked by {@code ModelBundleTest}): its id without hashing megabytes at every start.
     */
    static final List<String> SHIPPED = List.of(ModelBundle.DEFAULT_RESOURCE, HALF_RESOLUTION_RESOURCE,
            V21G_RESOURCE, V21G_HALF_RESOLUTION_RESOURCE, V21_RESOURCE, V21_HALF_RESOLUTION_RESOURCE, V2_RESOURCE,
            V2_HALF_RESOLUTION_RESOURCE, V1_RESOURCE);

    /**
     * Shipped models derived from another shipped one rather than read from a bundle of their own: resource →
     * the full-resolution resource it runs at half resolution. Their {@code <resource>.sha256} ships, their
     * bundle does not.
     */
    static final Map<String, String> DERIVED = Map.of(HALF_RESOLUTION_RESOURCE, ModelBundle.DEFAULT_RESOURCE,
            V21G_HALF_RESOLUTION_RESOURCE, V21G_RESOURCE,
            V21_HALF_RESOLUTION_RESOURCE, V21_RESOURCE,
            V2_HALF_RESOLUTION_RESOURCE, V2_RESOURCE);

    /**
     * Shipped models stored as a delta against another shipped bundle ({@link BundleDelta}, {@code <resource>.vqzd}
     * instead of {@code <resource>}): resource → the bundle the delta is against.
     */
    static final Map<String, String> STORED_AS_DELTA = Map.of(V21_RESOURCE, V21G_RESOURCE);

    /**
     * Shipped bundles stored in {@link PackedBundle}'s compact form ({@code <resource>.xz} instead of
     * {@code <resource>}, written by the build's {@link BundlePacker}): every earlier default stored whole. The
     * default itself is stored as it is, so a decode of today's files starts without unpacking; an earlier model
     * unpacks once per process (about 0.3 s) when its files are read.
     */
    static final java.util.Set<String> STORED_PACKED = java.util.Set.of(V21G_RESOURCE, V2_RESOURCE, V1_RESOURCE);

    /** The suffix of a shipped bundle's recorded manifest. */
    static final String MANIFEST_SUFFIX = ".manifest.json";

    private static final Map<String, ModelBundle> LOADED = new java.util.HashMap<>();

    /**
     * Whether {@code id} names a shipped model that runs another at half resolution ({@link #DERIVED}), one whose
     * files were encoded at {@link Quality#halfResolutionQuality}.
     */
    static boolean isHalfResolution(ModelId id) {
        return DerivedIds.IDS.contains(id);
    }

    /** The recorded ids of the {@link #DERIVED} models, read once (every encode, trim and info asks). */
    private static final class DerivedIds {
        static final java.util.Set<ModelId> IDS = read();

        private static java.util.Set<ModelId> read() {
            java.util.Set<ModelId> ids = new java.util.HashSet<>();
            for (String resource : DERIVED.keySet()) {
                try {
                    byte[] recorded = recordedId(resource);
                    if (recorded != null) {
                        ids.add(ModelId.of(recorded));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return java.util.Set.copyOf(ids);
        }
    }

    /** The recorded SHA-256 of a shipped bundle ({@code <resource>.sha256}), or null. */
    static byte[] recordedId(String resource) throws IOException {
        try (InputStream in = ShippedModels.class.getResourceAsStream(resource + ".sha256")) {
            if (in == null) {
                return null;
            }
            String hex = new String(in.readNBytes(128), java.nio.charset.StandardCharsets.US_ASCII).trim();
            return hex.length() == 64 ? HexFormat.of().parseHex(hex) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A shipped model's quality bands, or null for a single-layer model, from its recorded manifest when the bundle
     * is not loaded yet ({@code vqz info} does not pay for inflating the networks). A derived model has its source's
     * bands.
     *
     * @throws UncheckedIOException as {@link #get}
     */
    static List<QualityBand> qualityBands(String resource) {
        String source = DERIVED.getOrDefault(resource, resource);
        ModelBundle loaded;
        synchronized (LOADED) {
            loaded = LOADED.get(source);
        }
        Manifest m = loaded != null ? loaded.manifest() : manifest(source);
        return m.kind.hasQualityBands() ? ModelBundle.qualityBands(m) : null;
    }

    /**
     * The manifest of a shipped bundle (not a derived one) from the copy recorded beside it,
     * {@code <resource>.manifest.json} (checked against the bundle by {@code ModelBundleTest}), as its id is: no
     * megabytes inflated to read a kilobyte.
     *
     * @throws UncheckedIOException if the copy is missing or unreadable (a broken installation)
     */
    static Manifest manifest(String resource) {
        try (InputStream in = ShippedModels.class.getResourceAsStream(resource + MANIFEST_SUFFIX)) {
            if (in == null) {
                throw new IOException("the model manifest " + resource + MANIFEST_SUFFIX + " is missing from the "
                        + "class path");
            }
            return Manifest.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A shipped bundle's bytes: its resource, unpacked ({@link #STORED_PACKED}), or rebuilt from its delta
     * ({@link #STORED_AS_DELTA}).
     */
    static InputStream open(String resource) throws IOException {
        String base = STORED_AS_DELTA.get(resource);
        String stored = base != null ? resource.replaceFirst("\\.vqzm$", BundleDelta.SUFFIX)
                : STORED_PACKED.contains(resource) ? resource + PackedBundle.SUFFIX : resource;
        if (STORED_PACKED.contains(resource)) {
            byte[] id = recordedId(resource);
            if (id == null) {
                throw new IOException("the model " + resource + ".sha256 is missing from the class path");
            }
            return new java.io.ByteArrayInputStream(PackedBundle.read(stored, id, ModelBundle.MAX_BUNDLE_BYTES));
        }
        InputStream in = ShippedModels.class.getResourceAsStream(stored);
        if (in == null) {
            throw new IOException("the model " + stored + " is missing from the class path");
        }
        if (base == null) {
            return in;
        }
        try (in; InputStream b0 = open(base)) {
            return new java.io.ByteArrayInputStream(BundleDelta.apply(b0.readAllBytes(), in));
        }
    }

    /**
     * A bundle shipped in the codec jar ({@link #SHIPPED}), read once and then shared.
     *
     * @throws UncheckedIOException if the resource is missing or unreadable (a broken installation)
     */
    static ModelBundle get(String resource) {
        synchronized (LOADED) {
            ModelBundle b = LOADED.get(resource);
            if (b == null && DERIVED.containsKey(resource)) {
                try {
                    byte[] id = recordedId(resource);
                    if (id == null) {
                        throw new IOException("the model " + resource + ".sha256 is missing from the class path");
                    }
                    b = get(DERIVED.get(resource)).halfResolution(id, "resource " + resource);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                LOADED.put(resource, b);
            }
            if (b == null) {
                try (InputStream in = open(resource)) {
                    b = ModelBundle.read(in, "resource " + resource, recordedId(resource));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                LOADED.put(resource, b);
            }
            return b;
        }
    }
}
