package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layered model whose priors have a two-level alphabet (FORMAT.md 9.7) end to end: the tiny layered test model
 * with untrained heads ({@code testdata/models/tiny-layered-groups.vqzm}) against the same model without them.
 */
class TwoLevelCodecTest {
    static TinyModelCase grouped;
    static TinyModelCase plain;

    @BeforeAll
    static void load() throws IOException {
        grouped = new TinyModelCase(TinyModelCase.LAYERED_GROUPS);
        plain = new TinyModelCase(TinyModelCase.LAYERED);
    }

    @Test
    void filesAreVersionFourAndDecodeTheSameOnAnyThreadCount() throws IOException {
        assertEquals(4, grouped.model.containerVersion());
        assertEquals(2, plain.model.containerVersion());
        VqzContainer c = grouped.encode(60, 2);
        assertEquals(4, c.header().formatVersion());
        assertArrayEquals(c.tilePayload(1, 0), grouped.encode(60, 1).tilePayload(1, 0));
        int[][] one = grouped.decoder(1).decodeGrids(c, 0);
        assertArrayEquals(one, grouped.decoder(2).decodeGrids(c, 0));
        assertTrue(TestImages.samePixels(grouped.decoder(1).decode(c, DecodeOptions.DEFAULT).image(),
                grouped.decoder(2).decode(c, DecodeOptions.DEFAULT).image()));
    }

    /** Nearest codes do not depend on the prior: the same grids, only coded differently. */
    @Test
    void theAlphabetChangesHowCodesAreCodedNotWhichAreSent() throws IOException {
        VqzContainer a = grouped.encode(100, 2);
        VqzContainer b = plain.encode(100, 2);
        assertArrayEquals(plain.decoder(2).decodeGrids(b, 0), grouped.decoder(2).decodeGrids(a, 0));
        assertNotEquals(java.util.Arrays.toString(a.tilePayload(0, 0)), java.util.Arrays.toString(b.tilePayload(0, 0)));
    }

    /** The rate-weighted choice prices codes in two levels: lower qualities send cheaper, fewer bits. */
    @Test
    void theRateWeightedChoiceSeesTheTwoLevelCosts() throws IOException {
        long low = TestImages.fileBytes(grouped.encode(40, 2)).length;
        long high = TestImages.fileBytes(grouped.encode(66, 2)).length;
        assertTrue(low < high, low + " bytes at quality 40, " + high + " at 66");
        EncodeResult r = VqzEncoder.builder().model(grouped.model).quality(66).threads(2).build()
                .encode(grouped.image, null, new java.io.ByteArrayOutputStream());
        assertTrue(r.idealBits() > 0 && r.idealBits() < 8.0 * r.bytes(), r.toString());
    }

    /** A bundle whose priors mix one-level and two-level layouts is refused when the odd prior is read. */
    @Test
    void aBundleMixingTheAlphabetsIsRefused(@TempDir Path dir) throws IOException {
        byte[] oneLevel = plain.model.entry("refine-2.bin");
        ModelBundle mixed = ModelBundle.load(BundleFiles.withEntry(TinyModelCase.LAYERED_GROUPS,
                dir.resolve("mixed.vqzm"), "refine-2.bin", data -> oneLevel));
        assertEquals(4, mixed.containerVersion());
        mixed.prior(1);
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> mixed.prior(2));
        assertTrue(e.getMessage().contains("all of them or none (this one has none)"), e.getMessage());
        byte[] twoLevel = grouped.model.entry("refine-1.bin");
        ModelBundle other = ModelBundle.load(BundleFiles.withEntry(TinyModelCase.LAYERED,
                dir.resolve("other.vqzm"), "refine-1.bin", data -> twoLevel));
        assertEquals(2, other.containerVersion());
        e = assertThrows(ModelBundleException.class, () -> other.prior(1));
        assertTrue(e.getMessage().contains("(this one has)"), e.getMessage());
    }

    @Test
    void aFileNeedsTheAlphabetItWasCodedWith() throws IOException {
        VqzContainer c = grouped.encode(100, 1);
        VqzHeader wrong = c.header().toBuilder().formatVersion(2).build();
        VqzContainer.Builder b = VqzContainer.builder().header(wrong);
        for (int l = 0; l < wrong.layers(); l++) {
            for (int i = 0; i < wrong.tileCount(); i++) {
                b.tilePayload(l, i, c.tilePayload(l, i));
            }
        }
        IOException e = assertThrows(IOException.class, () -> grouped.decoder(1).decodeGrid(b.build()));
        assertTrue(e.getMessage().contains("coded as groups and members (version 4)"), e.getMessage());
    }
}
