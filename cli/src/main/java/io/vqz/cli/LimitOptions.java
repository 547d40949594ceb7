package io.vqz.cli;

import io.vqz.format.VqzLimits;
import picocli.CommandLine.Option;

/**
 * The limits a command that reads files from strangers holds them to: each option replaces the value of
 * {@link VqzLimits#fromSystemProperties()} (the defaults, or {@code -Dvqz.limits.*} in {@code VQZ_JAVA_OPTS}).
 */
final class LimitOptions {
    @Option(names = "--max-pixels", paramLabel = "N", converter = Converters.CountConverter.class,
            description = "Refuse images of more than N pixels (k, m, g: thousands, millions, billions; default: "
                    + "268435456).")
    Long maxPixels;

    @Option(names = "--max-pixel-layers", paramLabel = "N", converter = Converters.CountConverter.class,
            description = "Refuse decodes of more than N pixels x layers decoded, about 0.25 us each on two cores "
                    + "(default: 2147483648, every image within the pixel limit at six layers).")
    Long maxPixelLayers;

    @Option(names = "--max-memory", paramLabel = "BYTES", converter = Converters.ByteSizeConverter.class,
            description = "Refuse an image whose decode or encode needs more than BYTES of Java heap (k, m, g; "
                    + "default: what the heap can give, set with VQZ_JAVA_OPTS=-Xmx...).")
    Long maxMemory;

    /** The limits: the system properties' over the defaults, these options over both. */
    VqzLimits limits() {
        VqzLimits.Builder b = VqzLimits.fromSystemProperties().toBuilder();
        if (maxPixels != null) {
            b.maxPixels(maxPixels);
        }
        if (maxPixelLayers != null) {
            b.maxPixelLayers(maxPixelLayers);
        }
        if (maxMemory != null) {
            b.maxMemoryBytes(maxMemory);
        }
        return b.build();
    }
}
