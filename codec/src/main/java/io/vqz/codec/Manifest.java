package io.vqz.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The fields of a bundle's {@code manifest.json} that the codec relies on. Immutable. */
final class Manifest {
    final String name;
    final String version;
    final int downsampling;
    final int codebookSize;
    final int codeDimension;
    /** Radius, in code positions, of the encoder's and decoder's receptive fields: the tile overlap. */
    final int encoderRadius;
    final int decoderRadius;
    /** The kind of model, from {@code bundle_format} (1 when absent). */
    final ModelKind kind;
    /** Code layers the model makes: 1 for a single-layer model. */
    final int layers;
    /** The quality scale's band per layer count ({@code quality_bands}), or null for equal bands. */
    final List<QualityBand> qualityBands;
    /**
     * Per layer, the rate weight {@code w} of its index choice when a layer above it is sent
     * ({@code rate_weights}: squared latent distance per bit; 0, or the field absent, is the nearest codeword).
     */
    private final double[] rateWeights;
    final JsonObject json;

    private Manifest(JsonObject json) throws IOException {
        this.json = json;
        name = string(json, "name");
        version = json.has("version") ? json.get("version").getAsString() : "";
        downsampling = integer(json, "f");
        codebookSize = integer(json, "K");
        codeDimension = integer(json, "D");
        JsonObject rf = json.has("receptive_field") && json.get("receptive_field").isJsonObject()
                ? json.getAsJsonObject("receptive_field") : null;
        if (rf == null) {
            throw new IOException("model manifest lacks receptive_field");
        }
        encoderRadius = integer(rf, "encoder");
        decoderRadius = integer(rf, "decoder");
        // 8: a model run at half resolution, the 2x2 mean and the 2x upsampler inside its networks
        if (downsampling != 4 && downsampling != 8) {
            throw new IOException("model manifest: unsupported downsampling f=" + downsampling + " (expected 4 or 8)");
        }
        if (codebookSize < 2 || codebookSize > 4096 || codeDimension < 1 || codeDimension > 4096) {
            throw new IOException("model manifest: K=" + codebookSize + " or D=" + codeDimension + " out of range");
        }
        if (encoderRadius < 0 || encoderRadius > 64 || decoderRadius < 0 || decoderRadius > 64) {
            throw new IOException("model manifest: receptive_field out of range 0..64");
        }
        kind = ModelKind.ofBundleFormat(json.has("bundle_format") ? integer(json, "bundle_format") : 1);
        layers = kind.layered() ? integer(json, "layers") : 1;
        if (layers < 1 || layers > io.vqz.format.VqzHeader.MAX_LAYERS) {
            throw new IOException("model manifest: layers=" + layers + " out of range 1.."
                    + io.vqz.format.VqzHeader.MAX_LAYERS);
        }
        qualityBands = json.has("quality_bands") ? bands(json.getAsJsonArray("quality_bands"), layers) : null;
        rateWeights = json.has("rate_weights") ? rateWeights(json.get("rate_weights"), layers) : new double[layers];
    }

    /** Layer {@code l}'s rate weight (0: nearest codewords); see {@code docs/FORMAT.md} A.3. */
    double rateWeight(int layer) {
        return rateWeights[layer];
    }

    private static double[] rateWeights(JsonElement e, int layers) throws IOException {
        JsonArray a = e.isJsonArray() ? e.getAsJsonArray() : null;
        double[] w = new double[layers];
        for (int i = 0; a != null && a.size() == layers && i < layers; i++) {
            w[i] = a.get(i).isJsonPrimitive() && a.get(i).getAsJsonPrimitive().isNumber() ? a.get(i).getAsDouble() : Double.NaN;
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                a = null;
            }
        }
        if (a == null || a.size() != layers) {
            throw new IOException("model manifest: rate_weights must give " + layers
                    + " finite weights of at least 0, one per layer: " + e);
        }
        return w;
    }

    /**
     * One band per layer count, {@code {"top": Q, "lambda": λ}} (λ optional: {@link Quality#LAMBDA_MAX}), the
     * tops rising to 100.
     */
    private static List<QualityBand> bands(JsonArray a, int layers) throws IOException {
        List<QualityBand> bands = new ArrayList<>();
        String problem = a.size() == layers ? null : a.size() + " bands";
        for (int i = 0; problem == null && i < a.size(); i++) {
            if (!a.get(i).isJsonObject() || !a.get(i).getAsJsonObject().has("top")) {
                problem = "band " + i + " is not an object with a top";
                break;
            }
            JsonObject b = a.get(i).getAsJsonObject();
            int top = b.get("top").getAsInt();
            double lambda = b.has("lambda") ? b.get("lambda").getAsDouble() : Quality.LAMBDA_MAX;
            if (top < 0 || top > 100 || !(lambda >= 0) || Double.isInfinite(lambda)
                    || (i > 0 && top <= bands.get(i - 1).top())) {
                problem = "band " + i + " (top " + top + ", lambda " + lambda + ")";
                break;
            }
            bands.add(new QualityBand(top, lambda));
        }
        if (problem == null && bands.get(layers - 1).top() != 100) {
            problem = "the last top is not 100";
        }
        if (problem != null) {
            throw new IOException("model manifest: quality_bands must give " + layers + " bands with rising tops,"
                    + " the last 100, and lambdas of at least 0: " + problem);
        }
        return List.copyOf(bands);
    }

    static Manifest parse(byte[] bytes) throws IOException {
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException("model manifest is not a JSON object");
            }
            return new Manifest(e.getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | NumberFormatException | UnsupportedOperationException e) {
            throw new IOException("model manifest is not valid: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String key) throws IOException {
        if (!o.has(key)) {
            throw new IOException("model manifest lacks " + key);
        }
        return o.get(key).getAsString();
    }

    private static int integer(JsonObject o, String key) throws IOException {
        if (!o.has(key)) {
            throw new IOException("model manifest lacks " + key);
        }
        return o.get(key).getAsInt();
    }
}
