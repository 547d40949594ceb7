package io.vqz.imageio;

import com.twelvemonkeys.imageio.ImageWriterBase;
import io.vqz.codec.EncodeOptions;
import io.vqz.codec.ModelBundle;
import io.vqz.codec.Quality;
import io.vqz.codec.VqzEncoder;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzMetadata;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageWriterSpi;
import java.awt.Rectangle;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Writes {@code .vqz} images through ImageIO.
 * <p>
 * Accepts every image with a colour model and bare rasters of 1 to 4 integer bands (see
 * {@link VqzImageWriterSpi#canEncodeImage}); what cannot be written is refused with an {@link IIOException}
 * that says why, before anything is written. The file is produced in memory and written to the output only once
 * complete, so a failure or {@link #abort()} leaves the output untouched. Abort is polled while the pixels are
 * prepared and by the codec between encoder network blocks and between tiles, so it stops a running encode.
 * Progress (on the writing thread only): 0–20 % preparing pixels, 20–90 % encoding, then writing.
 * <p>
 * Metadata: EXIF and XMP from the {@link IIOImage}'s metadata are kept ({@code .vqz}, JPEG and PNG metadata are
 * understood); the ICC profile is the one of the pixels' colour space when that is not sRGB.
 * <p>
 * Not thread-safe, like every {@code ImageWriter}: use one instance per thread.
 */
final class VqzImageWriter extends ImageWriterBase {

    VqzImageWriter(ImageWriterSpi provider) {
        super(provider);
    }

    @Override
    public ImageWriteParam getDefaultWriteParam() {
        return new VqzImageWriteParam(getLocale());
    }

    @Override
    public IIOMetadata getDefaultImageMetadata(ImageTypeSpecifier imageType, ImageWriteParam param) {
        return new VqzImageMetadata(imageType, new VqzImageMetadata.Coding(), null, null, null);
    }

    @Override
    public IIOMetadata convertImageMetadata(IIOMetadata inData, ImageTypeSpecifier imageType, ImageWriteParam param) {
        if (inData instanceof VqzImageMetadata) {
            return inData;
        }
        VqzMetadataImport.Blobs blobs = VqzMetadataImport.from(inData);
        return new VqzImageMetadata(imageType, new VqzImageMetadata.Coding(), null, blobs.exif, blobs.xmp);
    }

    @Override
    public boolean canWriteRasters() {
        return true;
    }

    @Override
    public void write(IIOMetadata streamMetadata, IIOImage image, ImageWriteParam param) throws IOException {
        assertOutput();
        if (image == null) {
            throw new IllegalArgumentException("image == null");
        }
        RenderedImage rendered = image.getRenderedImage();
        Raster raster = image.hasRaster() ? image.getRaster() : null;
        ColorModel cm = rendered != null ? rendered.getColorModel() : null;
        SampleModel sm = rendered != null ? rendered.getSampleModel() : raster.getSampleModel();
        String refusal = VqzPixelConverter.refusal(cm, sm);
        if (refusal != null) {
            throw new IIOException("VQZ cannot encode this image: " + refusal);
        }
        int width = rendered != null ? rendered.getWidth() : raster.getWidth();
        int height = rendered != null ? rendered.getHeight() : raster.getHeight();

        Rectangle region = getSourceRegion(param, width, height);
        int xSub = 1;
        int ySub = 1;
        int[] sourceBands = null;
        if (param != null) {
            xSub = param.getSourceXSubsampling();
            ySub = param.getSourceYSubsampling();
            region.x += param.getSubsamplingXOffset();
            region.y += param.getSubsamplingYOffset();
            region.width -= param.getSubsamplingXOffset();
            region.height -= param.getSubsamplingYOffset();
            sourceBands = param.getSourceBands();
        }
        if (region.width <= 0 || region.height <= 0) {
            throw new IIOException("The source region and subsampling offsets leave no pixels to write");
        }
        VqzEncoder encoder = encoder(image.getMetadata(), param);
        if (image.getNumThumbnails() > 0) {
            processWarningOccurred(0, "VQZ stores no thumbnails; they are not written");
        }

        int outW = (region.width + xSub - 1) / xSub;
        int outH = (region.height + ySub - 1) / ySub;
        boolean alpha = cm != null ? cm.hasAlpha() : sm.getNumBands() == 2 || sm.getNumBands() == 4;
        // the converted copy (4 bytes a pixel at most) and the encode, reserved before either is allocated: a huge
        // image is refused with the memory it needs, the budget and how to raise it
        ByteArrayOutputStream buffer;
        try (VqzLimits.MemoryReservation memory = encoder.limits().reserveMemory("writing the " + outW + " x " + outH
                + " image as VQZ", 4L * outW * outH + encoder.memoryNeeded(outW, outH, alpha),
                "scale the image down first")) {
            buffer = encode(rendered, raster, region, xSub, ySub, sourceBands, image, encoder);
        }
        if (buffer == null) {
            return;
        }
        imageOutput.write(buffer.toByteArray());
        imageOutput.flush();
        processImageProgress(100f);
        processImageComplete();
    }

    /** Converts and encodes; null if the write was aborted (then reported). */
    private ByteArrayOutputStream encode(RenderedImage rendered, Raster raster, Rectangle region, int xSub, int ySub,
                                         int[] sourceBands, IIOImage image, VqzEncoder encoder) throws IOException {
        clearAbortRequest();
        processImageStarted(0);
        VqzPixelConverter.Result converted = VqzPixelConverter.convert(rendered, raster, region, xSub, ySub,
                sourceBands, fraction -> processImageProgress((float) (fraction * 20)), this::abortRequested);
        if (converted == null) {
            processWriteAborted();
            return null;
        }
        VqzMetadataImport.Blobs blobs = VqzMetadataImport.from(image.getMetadata());
        VqzMetadata metadata = VqzCodecs.metadata(converted.icc, blobs.exif, blobs.xmp);

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            encoder.encode(converted.image, metadata, buffer, EncodeOptions.builder()
                    .progress(fraction -> processImageProgress((float) (20 + fraction * 70)))
                    .abort(this::abortRequested)
                    .build());
        }
        catch (InterruptedIOException e) {
            if (!abortRequested()) {
                throw e;
            }
        }
        if (abortRequested()) {
            processWriteAborted();
            return null;
        }
        return buffer;
    }

    private VqzEncoder encoder(IIOMetadata imageMetadata, ImageWriteParam param) throws IOException {
        String model = null;
        int quality = VqzImageWriteParam.DEFAULT_QUALITY;
        int threads = 0;
        int mode = param != null && param.canWriteCompressed() ? param.getCompressionMode()
                : ImageWriteParam.MODE_COPY_FROM_METADATA;
        if (mode == ImageWriteParam.MODE_DISABLED) {
            throw new IIOException("VQZ is always lossy: compression cannot be disabled (MODE_DISABLED)");
        }
        if (mode == ImageWriteParam.MODE_EXPLICIT) {
            model = param.getCompressionType();
            quality = Quality.fromFraction(param.getCompressionQuality());
        }
        else if (mode == ImageWriteParam.MODE_COPY_FROM_METADATA && imageMetadata instanceof VqzImageMetadata) {
            VqzImageMetadata.Coding coding = ((VqzImageMetadata) imageMetadata).coding();
            if (coding.quality >= 0) {
                quality = coding.quality;
            }
            if (coding.modelName != null && VqzCodecs.modelNames().contains(coding.modelName)) {
                model = coding.modelName;
            }
            else if (coding.modelName != null) {
                processWarningOccurred(0, "Model '" + coding.modelName + "' of the metadata is not installed;"
                        + " writing with the default model");
            }
        }
        int effort;
        try {
            effort = param instanceof VqzImageWriteParam vqz ? vqz.getEffort() : VqzImageWriteParam.defaultEffort();
        } catch (IllegalArgumentException e) {
            throw new IIOException(e.getMessage(), e);
        }
        if (param instanceof VqzImageWriteParam) {
            threads = ((VqzImageWriteParam) param).getThreads();
        }
        ModelBundle bundle = VqzCodecs.model(model);
        VqzEncoder.Builder builder = VqzEncoder.builder().quality(quality).model(bundle).effort(effort);
        if (threads > 0) {
            builder.threads(threads);
        }
        return builder.build();
    }
}
