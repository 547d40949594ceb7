package io.vqz.imageio;

import com.twelvemonkeys.imageio.spi.ImageWriterSpiBase;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import java.util.Locale;

/**
 * The ImageIO service provider for the VQZ writer. Registered through
 * {@code META-INF/services/javax.imageio.spi.ImageWriterSpi}; ImageIO instantiates it.
 * <p>
 * Thread-safe.
 *
 * @since 0.1
 */
public final class VqzImageWriterSpi extends ImageWriterSpiBase {

    /** Creates the provider; called by the ImageIO service registry. */
    public VqzImageWriterSpi() {
        super(new VqzProviderInfo());
    }

    /**
     * Whether images of this type can be written. Accepted: every image with a colour model (grey, RGB, indexed,
     * CMYK and other colour spaces are converted; 16-bit and float samples are reduced to 8 bits) and rasters
     * without a colour model of 1 to 4 integer bands (grey, grey+alpha, RGB, RGBA). Refused: types without a
     * sample model, colour models whose component count does not match the bands, and rasters of more than 4
     * bands or of floating-point samples without a colour model. {@link VqzImageWriter#write} gives the reason
     * of a refusal in its {@link javax.imageio.IIOException}.
     */
    @Override
    public boolean canEncodeImage(ImageTypeSpecifier type) {
        return type != null && VqzPixelConverter.refusal(type.getColorModel(), type.getSampleModel()) == null;
    }

    @Override
    public ImageWriter createWriterInstance(Object extension) {
        return new VqzImageWriter(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "VQZ learned image codec (VQ-VAE + PixelCNN) writer";
    }
}
