package io.vqz.imageio;

import io.vqz.format.VqzLimits;

import javax.imageio.ImageReadParam;
import java.util.Objects;

/**
 * Read parameters for {@code .vqz}: the standard ones (source region, subsampling, bands, destination) and the
 * {@link VqzLimits} a read is held to: pixels, work (pixel layers), memory, and how long a read waits for
 * concurrent reads to release the heap. {@link javax.imageio.ImageReader#getDefaultReadParam()} of the VQZ reader
 * returns one set to {@link VqzLimits#fromSystemProperties()}, so a host that only calls {@code ImageIO.read}
 * limits reads with {@code -Dvqz.limits.maxPixels=…} and the like, and a program that knows VQZ sets them here:
 * <pre>{@code
 * VqzImageReadParam param = (VqzImageReadParam) reader.getDefaultReadParam();
 * param.setLimits(VqzLimits.builder().maxPixels(50_000_000).maxPixelLayers(200_000_000).build());
 * BufferedImage image = reader.read(0, param);
 * }</pre>
 * Not thread-safe (like every {@code ImageReadParam}).
 *
 * @since 0.8
 */
public final class VqzImageReadParam extends ImageReadParam {
    private VqzLimits limits = VqzLimits.fromSystemProperties();

    /** Parameters with the limits of {@link VqzLimits#fromSystemProperties()}. */
    public VqzImageReadParam() {
    }

    /** The limits a read with these parameters is held to. */
    public VqzLimits getLimits() {
        return limits;
    }

    /** @param limits the limits a read with these parameters is held to */
    public void setLimits(VqzLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }
}
