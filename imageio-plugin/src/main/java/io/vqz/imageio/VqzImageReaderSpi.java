package io.vqz.imageio;

import com.twelvemonkeys.imageio.spi.ImageReaderSpiBase;
import io.vqz.format.VqzFormat;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * The ImageIO service provider for the VQZ reader. Registered through
 * {@code META-INF/services/javax.imageio.spi.ImageReaderSpi}; ImageIO instantiates it.
 * <p>
 * Thread-safe: {@link #canDecodeInput(Object)} only peeks at the first bytes of the stream it is given (callers
 * must not share that stream between threads, as usual for ImageIO).
 *
 * @since 0.1
 */
public final class VqzImageReaderSpi extends ImageReaderSpiBase {

    /** Creates the provider; called by the ImageIO service registry. */
    public VqzImageReaderSpi() {
        super(new VqzProviderInfo());
    }

    /**
     * Whether {@code source} starts with the {@code .vqz} signature. Reads at most 8 bytes between
     * {@code mark()} and {@code reset()}, so the stream position is unchanged; returns {@code false} (never
     * throws) for {@code null}, for anything that is not an {@link ImageInputStream}, for short input and when
     * the stream fails.
     */
    @Override
    public boolean canDecodeInput(Object source) {
        if (!(source instanceof ImageInputStream)) {
            return false;
        }
        ImageInputStream stream = (ImageInputStream) source;
        byte[] signature = new byte[VqzFormat.MAGIC_LENGTH];
        int length = 0;
        try {
            stream.mark();
            try {
                // read(byte[]) may return fewer bytes than asked without being at the end
                while (length < signature.length) {
                    int n = stream.read(signature, length, signature.length - length);
                    if (n < 0) {
                        break;
                    }
                    length += n;
                }
            }
            finally {
                stream.reset();
            }
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
        return VqzFormat.matches(signature, length);
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new VqzImageReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "VQZ learned image codec (VQ-VAE + PixelCNN) reader";
    }
}
