package io.vqz.codec;

import java.io.IOException;

/**
 * The picture an encoder block's codes are judged against where the encoder decodes them itself ({@link Refinement},
 * {@link LastLayerSearch}): planar RGB of the block's {@code pw × ph} pixels as the {@code decoder} makes them, of
 * which the {@code vw × vh} inside the image count (the padding beyond it is cropped by every decoder). At half
 * resolution the decoder is the full-resolution model's network before the upsampler, and the picture the image's
 * 2×2 means: what the encoder network saw.
 */
record BlockPicture(ModelBundle decoder, float[] source, int pw, int ph, int vw, int vh) {

    static BlockPicture of(ModelBundle bundle, SourceImage src, NetworkTiles.Latents lat) throws IOException {
        ModelBundle decoder = bundle.fullResolution().orElse(bundle);
        int scale = bundle.downsampling() / decoder.downsampling();
        int f = decoder.downsampling();
        int pw = lat.w * f;
        int ph = lat.h * f;
        float[] source = new float[3 * pw * ph * scale * scale];
        src.readRgb(lat.x0 * f * scale, lat.y0 * f * scale, pw * scale, ph * scale, source);
        if (scale == 2) {
            source = HalfResolution.pool(source, ph * 2, pw * 2);
        }
        int vw = Math.min(pw, (src.width + scale - 1) / scale - lat.x0 * f);
        int vh = Math.min(ph, (src.height + scale - 1) / scale - lat.y0 * f);
        return new BlockPicture(decoder, source, pw, ph, vw, vh);
    }

    /** The decoder's pixels per code position, per axis. */
    int f() {
        return decoder.downsampling();
    }
}
