package io.vqz.codec;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzWriter;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;

/** Small, well-formed files that declare what a hostile sender would: a huge image over empty tiles. */
final class HostileFiles {
    private HostileFiles() {
    }

    /** A valid container for the v1 model (one layer) declaring {@code side} × {@code side} pixels, tiles of 64 codes. */
    static byte[] huge(int side, int tile) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        VqzContainer real = VqzEncoder.builder().model(TestImages.v1()).build().encodeContainer(img, null);
        VqzHeader h = real.header().toBuilder().width(side).height(side).tileWidth(tile).tileHeight(tile).build();
        VqzContainer.Builder c = VqzContainer.builder().header(h);
        for (int l = 0; l < h.layers(); l++) {
            c.tilePayloads(l, Collections.nCopies(h.tileCount(), new byte[0]));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.write(c.build(), out);
        return out.toByteArray();
    }

    /** Decodes the file given as the first argument with the default limits; prints the exception's class. */
    public static void main(String[] args) throws Exception {
        try {
            VqzDecoder.builder().build().decode(new java.io.FileInputStream(args[0]));
            System.out.println("decoded");
        } catch (IOException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
