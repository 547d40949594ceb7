package io.vqz.codec;

import io.vqz.entropy.PixelCnnPrior;
import io.vqz.entropy.PriorWeights;
import io.vqz.format.ModelId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model bundle ({@code *.vqzm}): encoder, decoder and prior of one trained model, identified by the SHA-256
 * of the bundle file. The layout is described in {@code docs/DESIGN.md}.
 * <p>
 * Thread-safe. The networks are loaded lazily, once per bundle, on first use, and then shared by every thread;
 * they stay loaded for the life of the bundle. The default bundle ships in the codec jar as the resource
 * {@value #DEFAULT_RESOURCE}.
 *
 * @since 0.1
 */
public final class ModelBundle {
    /**
     * The system property that sets how many threads one network run uses (ONNX Runtime's intra-op threads), read
     * when a bundle's network is first loaded: networks are loaded once per process and shared by every encoder and
     * decoder, so it is a process-wide setting. Unset, ONNX Runtime runs a thread per core and pins them to the cores
     * itself, past {@code taskset} or a container's CPU set; {@code vqz -t N} sets it to the threads each file gets.
     *
     * @since 0.8
     */
    public static final String NETWORK_THREADS = "vqz.network.threads";

    /** The class-path resource of the default bundle. */
    public static final String DEFAULT_RESOURCE = "/io/vqz/codec/default.vqzm";

    /** Largest bundle accepted, so a stray file cannot exhaust memory. */
    static final long MAX_BUNDLE_BYTES = 512L << 20;

    private static final Set<String> REQUIRED = Set.of("manifest.json", "encoder.onnx", "decoder.onnx",
            "prior.bin");

    private final byte[] id;
    private final Manifest manifest;
    private final Map<String, byte[]> entries;
    private final String source;

    /** The model this one runs at half resolution ({@link HalfResolution}), or null. */
    private final ModelBundle fullResolution;
    private final Lazy<Network> encoder;
    private final Lazy<Network> decoder;
    private final Lazy<Codebook[]> codebooks;
    private final List<Lazy<PixelCnnPrior>> priors;
    private final Lazy<Optional<Network>> fastEncoder;
    private final Lazy<Optional<OnnxNet>> decoderVjp;

    private ModelBundle(byte[] id, Map<String, byte[]> entries, String source) throws IOException {
        this(id, entries, source, null);
    }

    private ModelBundle(byte[] id, Map<String, byte[]> entries, String source, ModelBundle fullResolution)
            throws IOException {
        this.id = id;
        this.fullResolution = fullResolution;
        this.entries = entries;
        this.source = source;
        for (String name : REQUIRED) {
            if (!entries.containsKey(name)) {
                throw new ModelBundleException(source, name, "missing", null);
            }
        }
        try {
            this.manifest = Manifest.parse(entries.get("manifest.json"));
        } catch (IOException e) {
            throw new ModelBundleException(source, "manifest.json", e.getMessage(), e);
        }
        for (String name : manifest.kind.layerEntries(manifest.layers)) {
            if (!entries.containsKey(name)) {
                throw new ModelBundleException(source, name, "missing (the manifest's bundle format "
                        + manifest.kind.bundleFormat + " with " + manifest.layers + " layers needs it)", null);
            }
        }
        // a half-resolution model shares the full model's parts
        encoder = new Lazy<>(() -> fullResolution != null ? HalfResolution.encoder(fullResolution.encoderNet())
                : network("encoder.onnx"));
        decoder = new Lazy<>(() -> fullResolution != null ? HalfResolution.decoder(fullResolution.decoderNet())
                : network("decoder.onnx"));
        fastEncoder = new Lazy<>(() -> fullResolution != null
                ? fullResolution.fastEncoderNet().map(HalfResolution::encoder)
                : Optional.ofNullable(companion(FAST_ENCODER_ENTRY)));
        decoderVjp = new Lazy<>(() -> fullResolution != null ? fullResolution.decoderVjp()
                : Optional.ofNullable(companion(DECODER_VJP_ENTRY)));
        codebooks = new Lazy<>(this::readCodebooks);
        List<Lazy<PixelCnnPrior>> p = new java.util.ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            int layer = l;
            p.add(new Lazy<>(() -> readPrior(layer)));
        }
        priors = List.copyOf(p);
    }

    /**
     * The default bundle shipped in the codec jar.
     *
     * @throws UncheckedIOException if the resource is missing or unreadable (a broken installation)
     */
    public static ModelBundle defaultBundle() {
        return ShippedModels.get(DEFAULT_RESOURCE);
    }

    /**
     * What the default's qualities below {@link Quality#HALF_RESOLUTION_BELOW} encode with: the default at half
     * resolution ({@code f = 8}), {@code vqz-f8-k512-l6-v22-half} since 0.9 (0.5 and 0.6 used
     * {@code vqz-f8-k512-l5-v2-half}, 0.7 {@code vqz-f8-k512-l6-v21-half}, 0.8 {@code vqz-f8-k512-l6-v21g-half},
     * whose files keep decoding).
     *
     * @throws UncheckedIOException if the resource is missing or unreadable (a broken installation)
     * @since 0.5
     */
    public static ModelBundle halfResolutionBundle() {
        return ShippedModels.get(ShippedModels.HALF_RESOLUTION_RESOURCE);
    }

    /** Reads a bundle file. */
    public static ModelBundle load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BUNDLE_BYTES) {
            throw new ModelBundleException(file.toString(), null, "larger than " + MAX_BUNDLE_BYTES + " bytes", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a bundle from a stream (read to its end, not closed). */
    public static ModelBundle load(InputStream in) throws IOException {
        return read(in, "(stream)");
    }

    private static ModelBundle read(InputStream raw, String source) throws IOException {
        return read(raw, source, null);
    }

    /**
     * @param knownId the bundle's SHA-256 when it is known (the default bundle's, recorded at build time), so the
     *                digest is not computed: the cold start of a command-line decode saves about 0.1 s
     */
    static ModelBundle read(InputStream raw, String source, byte[] knownId) throws IOException {
        // with the id known, the security providers are not even started (about 20 ms of a cold start)
        MessageDigest sha = knownId != null ? null : sha256();
        InputStream in = knownId != null ? raw : new DigestInputStream(raw, sha);
        Map<String, byte[]> entries;
        try {
            // the identifier covers the whole file: BundleTar reads to the end, padding included
            entries = BundleTar.read(in, MAX_BUNDLE_BYTES);
        } catch (IOException e) {
            throw new ModelBundleException(source, null, "not a valid tar file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new ModelBundleException(source, null, "empty or not a tar file", null);
        }
        return new ModelBundle(knownId != null ? knownId : sha.digest(), entries, source);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This layered model run at half resolution ({@code f = 8}; {@link HalfResolution}): the same weights, codebooks
     * and priors, shared with this bundle, and a manifest that differs in {@code f}, the decoder's receptive field
     * and the name. {@code id} is the SHA-256 of the bundle file that {@code training/vqz_export_layered.py
     * --half-resolution} writes for it, so files name the same model whichever of the two decodes them.
     *
     * @throws IOException if this model is not a layered model at f = 4
     */
    ModelBundle halfResolution(byte[] id, String source) throws IOException {
        if (!kind().runsAtHalfResolution() || downsampling() != 4) {
            throw new ModelBundleException(this.source, "manifest.json", "only a layered model at f = 4 runs at half"
                    + " resolution", null);
        }
        com.google.gson.JsonObject json = manifest.json.deepCopy();
        json.addProperty("name", HalfResolution.name(name()));
        json.addProperty("f", 8);
        json.getAsJsonObject("receptive_field").addProperty("decoder", manifest.decoderRadius + 1);
        Map<String, byte[]> derived = new java.util.HashMap<>(entries);
        derived.put("manifest.json", json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ModelBundle(id, Map.copyOf(derived), source, this);
    }

    /** The model's name from its manifest, e.g. {@code "vqz-k512"}. */
    public String name() {
        return manifest.name;
    }

    /** The model's version string from its manifest (may be empty). */
    public String version() {
        return manifest.version;
    }

    /** The 32-byte model identifier (SHA-256 of the bundle file), as written into {@code .vqz} headers. */
    public byte[] id() {
        return id.clone();
    }

    /** The identifier as 64 lower-case hex digits. */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /**
     * The identifier as a {@link ModelId}, what {@code .vqz} headers name the model by.
     *
     * @since 0.3
     */
    public ModelId modelId() {
        return ModelId.of(id);
    }

    /** Pixels per code position in each direction (4). */
    public int downsampling() {
        return manifest.downsampling;
    }

    /** The number of codewords K. */
    public int codebookSize() {
        return manifest.codebookSize;
    }

    /**
     * The number of code layers the model makes: 1 for a single-layer model (container version 1), the base layer
     * plus its refinement layers for a layered one (container version 2).
     *
     * @since 0.3
     */
    public int layers() {
        return manifest.layers;
    }

    /**
     * The quality scale's bands, one per layer count: {@code n} layers are sent for qualities above band
     * {@code n − 2}'s top up to band {@code n − 1}'s (the first band starts at 0, the last ends at 100). Tuned per
     * model on held-out photographs and recorded in its manifest ({@code quality_bands}); a model without them cuts
     * the scale into equal bands.
     *
     * @return {@link #layers()} bands, tops rising to 100 (unmodifiable)
     * @since 0.3
     */
    public List<QualityBand> qualityBands() {
        return qualityBands(manifest);
    }

    static List<QualityBand> qualityBands(Manifest m) {
        return m.qualityBands != null ? m.qualityBands : Quality.equalBands(m.layers);
    }

    /**
     * Whether the model is layered (bundle format 2): a base layer and refinement layers, files of container version
     * 2 or 4 (what else that changes: {@code ModelKind.LAYERED}).
     *
     * @since 0.3
     */
    public boolean layered() {
        return kind().layered();
    }

    /** What kind of model this is: what differs between single-layer and layered models is asked of it. */
    ModelKind kind() {
        return manifest.kind;
    }

    /**
     * The container version of this model's files: 1 for a single-layer model, 2 for a layered one, or 4 if its
     * priors code a group and a member (FORMAT.md 9.7).
     *
     * @throws IOException if the base layer's prior cannot be read
     */
    int containerVersion() throws IOException {
        return kind().containerVersion(prior(0).groups() > 0);
    }

    /** The manifest as JSON text (training details and metrics included). */
    public String manifestJson() {
        return manifest.json.toString();
    }

    /** Where this bundle was read from (a path, a resource name or "(stream)"). */
    public String source() {
        return source;
    }

    Manifest manifest() {
        return manifest;
    }

    /** Raw bytes of an entry, or null. */
    byte[] entry(String name) {
        return entries.get(name);
    }

    Network encoderNet() throws IOException {
        return encoder.get();
    }

    /**
     * Starts loading the decoder network on a background thread unless it is loaded: ONNX Runtime's session
     * creation (about 0.15 s) then overlaps the entropy decoding that comes first. A failure is left for
     * {@link #decoderNet()} to report.
     */
    void preloadDecoder() {
        if (decoder.loaded()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                decoderNet();
            } catch (IOException | RuntimeException e) {
                // decoderNet() fails again, with this error, where the decoder needs the network
            }
        }, "vqz-decoder-load");
        t.setDaemon(true);
        t.start();
    }

    Network decoderNet() throws IOException {
        return decoder.get();
    }

    /** The entry of a model's fast encoder network, in its bundle or beside it ({@link #companion}). */
    static final String FAST_ENCODER_ENTRY = "encoder-fast.onnx";
    /** The entry of a model's decoder gradient graph ({@code training/vqz_export_vjp.py}). */
    static final String DECODER_VJP_ENTRY = "decoder-vjp.onnx";
    /** Where the codec jar keeps the encoder-side networks of the models it ships, named by model id. */
    static final String COMPANION_RESOURCES = "/io/vqz/codec/analysis/";

    /**
     * The fast encoder network of {@link Effort}'s lowest levels, or empty if the model has none. Loaded on first
     * use.
     */
    Optional<Network> fastEncoderNet() throws IOException {
        return fastEncoder.get();
    }

    /**
     * The decoder's gradient graph of {@link Effort}'s highest levels, or empty if the model has none. A model run at
     * half resolution has its full-resolution model's: that of its decoder network before the upsampler, whose
     * pictures are at half the image's resolution ({@link Refinement} compares them with the image's 2×2 means).
     */
    Optional<OnnxNet> decoderVjp() throws IOException {
        return decoderVjp.get();
    }

    /** The model this one runs at half resolution ({@link HalfResolution}), or empty. */
    Optional<ModelBundle> fullResolution() {
        return Optional.ofNullable(fullResolution);
    }

    /**
     * An encoder-side network of the model: the bundle's own entry, else the codec jar's resource for this model
     * id ({@value #COMPANION_RESOURCES}{@code <16 hex digits of the id>.<entry>}), which adds it to a shipped model
     * without changing the bundle's bytes (and so its id); null if neither exists.
     */
    private OnnxNet companion(String entry) throws IOException {
        byte[] onnx = entries.get(entry);
        if (onnx == null) {
            try (InputStream in = ModelBundle.class.getResourceAsStream(COMPANION_RESOURCES
                    + idHex().substring(0, 16) + "." + entry)) {
                if (in == null) {
                    return null;
                }
                onnx = in.readAllBytes();
            }
        }
        try {
            return OnnxNet.load(name() + "/" + entry, onnx);
        } catch (IOException e) {
            throw new ModelBundleException(source, entry, e.getMessage(), e);
        }
    }

    /** Loads one network of the bundle; a failure names the bundle and entry. */
    private OnnxNet network(String entry) throws IOException {
        try {
            return OnnxNet.load(name() + "/" + entry, entries.get(entry));
        } catch (IOException e) {
            throw new ModelBundleException(source, entry, e.getMessage(), e);
        }
    }

    /** The base layer's codebook. */
    Codebook codebook() throws IOException {
        return codebook(0);
    }

    /** Code layer {@code layer}'s codebook, loaded on first use. */
    Codebook codebook(int layer) throws IOException {
        java.util.Objects.checkIndex(layer, layers());
        return fullResolution != null ? fullResolution.codebook(layer) : codebooks.get()[layer];
    }

    private Codebook[] readCodebooks() throws IOException {
        String entry = kind().codebookEntry;
        try {
            return kind().readCodebooks(entries.get(entry), layers(), manifest.codebookSize, manifest.codeDimension);
        } catch (IOException e) {
            throw new ModelBundleException(source, entry, e.getMessage(), e);
        }
    }

    /** The base layer's Java prior (bit-exact on every machine), loaded on first use. */
    PixelCnnPrior prior() throws IOException {
        return prior(0);
    }

    /**
     * Code layer {@code layer}'s Java prior, loaded on first use: {@code prior.bin} for the base layer,
     * {@code refine-<layer>.bin} (with a coarse branch over the codeword width D) for a refinement layer.
     */
    PixelCnnPrior prior(int layer) throws IOException {
        java.util.Objects.checkIndex(layer, layers());
        return fullResolution != null ? fullResolution.prior(layer) : priors.get(layer).get();
    }

    private PixelCnnPrior readPrior(int layer) throws IOException {
        String entry = layer == 0 ? "prior.bin" : ModelKind.refinementEntry(layer);
        PriorWeights w;
        try {
            w = PriorWeights.read(new java.io.ByteArrayInputStream(entries.get(entry)));
        } catch (IOException e) {
            throw new ModelBundleException(source, entry, e.getMessage(), e);
        }
        if (w.codebookSize() != manifest.codebookSize) {
            throw new ModelBundleException(source, entry, "K=" + w.codebookSize() + " but the manifest says K="
                    + manifest.codebookSize, null);
        }
        int width = layer == 0 ? 0 : manifest.codeDimension;
        if (w.coarseWidth() != width) {
            throw new ModelBundleException(source, entry, "takes a coarse context of " + w.coarseWidth()
                    + " values per position, but layer " + layer + " of this model has " + width, null);
        }
        boolean grouped = w.groups() > 0;
        if ((grouped && !kind().allowsTwoLevelPriors()) || (layer > 0 && grouped != (prior(0).groups() > 0))) {
            throw new ModelBundleException(source, entry, "a two-level alphabet is for a layered model's priors, all"
                    + " of them or none (this one " + (grouped ? "has" : "has none") + ")", null);
        }
        return new PixelCnnPrior(w);
    }

    @Override
    public String toString() {
        return "ModelBundle[" + name() + " " + modelId().shortHex() + " from " + source + "]";
    }
}
