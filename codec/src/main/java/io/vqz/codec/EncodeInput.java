package io.vqz.codec;

import io.vqz.format.VqzLimits;

import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;

/**
 * An image read for encoding within the memory budget: its dimensions come from the reader first, and the image's
 * own bytes plus what the encode needs ({@link VqzEncoder#memoryNeeded}) are reserved before the image is
 * decoded, so an input too large for the heap is refused with a {@link io.vqz.format.VqzLimitException} naming its
 * dimensions, the memory needed, the budget and how to raise it (a 1.2 MB PNG of 20000 x 20000 pixels used to end in
 * "Caught exception during read:", one of 40000 x 40000 in "Invalid scanline stride"). The reservation is held
 * until {@link #close()}: read, encode, then close.
 * <p>
 * Not thread-safe: one thread reads, encodes and closes (the encode's own reservation nests in this one).
 *
 * @since 0.8
 */
public final class EncodeInput implements AutoCloseable {
    private final BufferedImage image;
    private final VqzLimits.MemoryReservation memory;

    private EncodeInput(BufferedImage image, VqzLimits.MemoryReservation memory) {
        this.image = image;
        this.memory = memory;
    }

    /**
     * Reads the first image of a reader whose input is set, after reserving what decoding it and encoding it with
     * {@code encoder} take.
     *
     * @param what the input for messages, e.g. {@code "PNG image photo.png"}
     * @throws io.vqz.format.VqzLimitException if the reservation fails: nothing was decoded
     * @throws IOException                     if the reader fails
     */
    public static EncodeInput read(ImageReader reader, VqzEncoder encoder, String what) throws IOException {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        ImageTypeSpecifier type = firstType(reader);
        long pixelBytes = 4;
        boolean alpha = false;
        if (type != null) {
            SampleModel sm = type.getSampleModel(1, 1);
            pixelBytes = Math.max(1, (long) sm.getNumDataElements() * DataBuffer.getDataTypeSize(sm.getDataType()) / 8);
            alpha = type.getColorModel().hasAlpha();
        }
        VqzLimits.MemoryReservation memory = encoder.limits().reserveMemory("reading and encoding the " + w + " x "
                + h + " " + what, pixelBytes * w * h + encoder.memoryNeeded(w, h, alpha), VqzEncoder.SCALE_DOWN);
        try {
            return new EncodeInput(reader.read(0), memory);
        } catch (IOException | RuntimeException | Error e) {
            memory.close();
            throw e;
        }
    }

    private static ImageTypeSpecifier firstType(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            return types != null && types.hasNext() ? types.next() : null;
        } catch (IOException | RuntimeException e) {
            return null; // the read itself will say what is wrong
        }
    }

    /** The image read. */
    public BufferedImage image() {
        return image;
    }

    /** Releases the memory reserved for reading and encoding. */
    @Override
    public void close() {
        memory.close();
    }
}
