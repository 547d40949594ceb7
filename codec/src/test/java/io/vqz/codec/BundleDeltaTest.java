package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The shipped delta of the 0.6/0.7 default against today's, and what a damaged delta or another base gives. */
class BundleDeltaTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelBundle.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void rebuildsTheEarlierDefaultAndRefusesAnythingElse() throws IOException {
        byte[] base;
        try (InputStream in = ShippedModels.open(ShippedModels.V21G_RESOURCE)) {
            base = in.readAllBytes();
        }
        byte[] delta = resource(ShippedModels.V21_RESOURCE.replace(".vqzm", BundleDelta.SUFFIX));
        assertTrue(delta.length < 64 << 10, delta.length + " bytes");
        byte[] target = BundleDelta.apply(base, new ByteArrayInputStream(delta));
        assertEquals("vqz-f4-k512-l6-v21", ModelBundle.load(new ByteArrayInputStream(target)).name());

        byte[] damaged = delta.clone();
        damaged[delta.length - 100] ^= 1;
        assertTrue(fails(base, damaged).contains("SHA-256 differs"));
        assertTrue(fails(base, Arrays.copyOf(delta, delta.length - 10)).contains("truncated"));
        byte[] otherBase = base.clone();
        otherBase[1000] ^= 1;
        assertTrue(fails(otherBase, delta).contains("not a delta against this base"));
    }

    private static String fails(byte[] base, byte[] delta) {
        return assertThrows(IOException.class, () -> BundleDelta.apply(base, new ByteArrayInputStream(delta)))
                .getMessage();
    }
}
