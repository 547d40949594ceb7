package io.vqz.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;
import io.vqz.format.VqzFormat;

/**
 * What the VQZ reader and writer service providers register with ImageIO: format names {@code vqz}/{@code VQZ},
 * suffix {@code vqz}, MIME type {@value VqzFormat#MIME_TYPE}, and image metadata in the standard
 * {@code javax_imageio_1.0} format plus the native {@value #NATIVE_IMAGE_METADATA_FORMAT_NAME} format.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VqzProviderInfo extends ReaderWriterProviderInfo {

    /** The name of the native image metadata format, {@value}. */
    public static final String NATIVE_IMAGE_METADATA_FORMAT_NAME = "io_vqz_imageio_1.0";

    static final String[] FORMAT_NAMES = {"vqz", "VQZ"};

    /** Creates the provider description. */
    public VqzProviderInfo() {
        super(
                VqzProviderInfo.class,
                FORMAT_NAMES.clone(),
                new String[] {VqzFormat.SUFFIX},
                new String[] {VqzFormat.MIME_TYPE},
                "io.vqz.imageio.VqzImageReader",
                new String[] {"io.vqz.imageio.VqzImageReaderSpi"},
                "io.vqz.imageio.VqzImageWriter",
                new String[] {"io.vqz.imageio.VqzImageWriterSpi"},
                false, null, null, null, null,
                true, NATIVE_IMAGE_METADATA_FORMAT_NAME, "io.vqz.imageio.VqzImageMetadataFormat", null, null
        );
    }
}
