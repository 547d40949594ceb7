package io.vqz.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vqz.entropy.PriorCursor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime through DJL against the bundle's parity vectors (exported from PyTorch). */
class OnnxNetTest {
    private static final ModelBundle MODEL = TestImages.v1();

    private static JsonObject parity() {
        return JsonParser.parseString(new String(MODEL.entry("parity.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static float[] flatten(JsonArray a) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        flatten(a, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    private static void flatten(JsonArray a, java.util.List<Float> out) {
        for (var e : a) {
            if (e.isJsonArray()) {
                flatten(e.getAsJsonArray(), out);
            } else {
                out.add(e.getAsFloat());
            }
        }
    }

    @Test
    void encoderMatchesParityVectors() throws IOException {
        JsonObject p = parity();
        float[] crop = flatten(p.getAsJsonArray("crop"));
        for (int i = 0; i < crop.length; i++) {
            crop[i] /= 255f;
        }
        Object[] out = MODEL.encoderNet().runFloat(crop, 1, 3, 32, 32);
        float[] latents = (float[]) out[0];
        long[] idx = (long[]) out[1];
        float[] want = flatten(p.getAsJsonArray("latents"));
        float[] codes = flatten(p.getAsJsonArray("codes"));
        assertEquals(want.length, latents.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], latents[i], 1e-3, "latent " + i);
        }
        for (int i = 0; i < codes.length; i++) {
            assertEquals((long) codes[i], idx[i], "index " + i);
        }
    }

    @Test
    void decoderMatchesParityVectors() throws IOException {
        JsonObject p = parity();
        float[] codes = flatten(p.getAsJsonArray("codes"));
        long[] in = new long[codes.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (long) codes[i];
        }
        float[] img = (float[]) MODEL.decoderNet().runLong(in, 1, 8, 8)[0];
        float[] want = flatten(p.getAsJsonArray("decoded"));
        assertEquals(want.length, img.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], img[i], 1e-3, "pixel " + i);
        }
    }

    @Test
    void javaPriorMatchesPriorOnnxAndParityLogits() throws IOException {
        JsonObject p = parity();
        float[] codes = flatten(p.getAsJsonArray("codes"));
        long[] in = new long[codes.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (long) codes[i];
        }
        OnnxNet prior = OnnxNet.load("prior.onnx", MODEL.entry("prior.onnx"));
        float[] ort;
        try {
            ort = (float[]) prior.runLong(in, 1, 8, 8)[0];
        } finally {
            prior.close();
        }
        int k = MODEL.codebookSize();
        JsonObject logits = p.getAsJsonObject("logits");
        JsonArray positions = logits.getAsJsonArray("positions");
        JsonArray values = logits.getAsJsonArray("values");
        PriorCursor cursor = MODEL.prior().cursor(8, 8);
        int checked = 0;
        double worstOrt = 0;
        for (int pos = 0; pos < 64; pos++) {
            float[] java = cursor.logits();
            for (int c = 0; c < k; c++) {
                worstOrt = Math.max(worstOrt, Math.abs(java[c] - ort[c * 64 + pos]));
            }
            for (int j = 0; j < positions.size(); j++) {
                JsonArray yx = positions.get(j).getAsJsonArray();
                if (yx.get(0).getAsInt() * 8 + yx.get(1).getAsInt() == pos) {
                    float[] want = flatten(values.get(j).getAsJsonArray());
                    for (int c = 0; c < k; c++) {
                        assertEquals(want[c], java[c], 1e-3, "logit " + c + " at " + yx);
                    }
                    checked++;
                }
            }
            cursor.advance((int) in[pos]);
        }
        assertEquals(positions.size(), checked);
        assertTrue(worstOrt < 1e-4, "Java prior vs prior.onnx: " + worstOrt);
    }

    @Test
    void malformedOnnxIsAnIOException() {
        assertThrows(IOException.class, () -> OnnxNet.load("junk", new byte[] {1, 2, 3, 4}));
    }
}
