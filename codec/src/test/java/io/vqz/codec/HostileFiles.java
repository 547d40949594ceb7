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

    /** A valid container for the default model declaring {@code side} × {@code side} pixels, tiles of 64 codes. */
    static byte[] huge(int side, int tile) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        VqzContainer real = VqzDecoderTest.container(VqzDecoderTest.encode(img, 75));
        VqzHeader h = real.header().toBuilder().width(side).height(side).tileWidth(tile).tileHeight(tile).build();
        VqzContainer c = VqzContainer.builder().header(h)
                .tilePayloads(Collections.nCopies(h.tileCount(), new byte[0])).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzWriter.write(c, out);
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
