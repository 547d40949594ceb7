package io.vqz.imageio;

import io.vqz.codec.Quality;

import javax.imageio.ImageWriteParam;
import java.util.List;
import java.util.Locale;

/**
 * Write parameters for {@code .vqz}.
 * <ul>
 *   <li>Compression types: the names of the installed models (the default model shipped in the codec first, then
 *       those found through {@code VQZ_MODEL_PATH}).</li>
 *   <li>Compression quality 0..1: the codec's quality {@code round(100 * q)}, mapped by the codec to its operating
 *       points; the default is {@value #DEFAULT_QUALITY} %.</li>
 *   <li>Compression modes: {@code MODE_EXPLICIT} uses the type and quality set here; {@code MODE_DEFAULT} the
 *       default model and quality; {@code MODE_COPY_FROM_METADATA} (the initial mode) the model and quality of
 *       {@code .vqz} image metadata given with the image (re-saving a {@code .vqz} keeps its settings), else the
 *       defaults; {@code MODE_DISABLED} is refused by the writer: VQZ is always lossy.</li>
 *   <li>Source region, subsampling and source bands are honoured; tiling and progressive modes are not offered.</li>
 *   <li>{@link #setThreads(int)}: encoder threads (0 = the codec's default).</li>
 * </ul>
 * Not thread-safe (like every {@code ImageWriteParam}).
 *
 * @since 0.1
 */
public final class VqzImageWriteParam extends ImageWriteParam {

    /** The quality used unless another is set, in percent: {@value}. */
    public static final int DEFAULT_QUALITY = Quality.DEFAULT;

    private int threads;

    /** Creates parameters listing the installed models. */
    public VqzImageWriteParam() {
        this(Locale.getDefault());
    }

    /**
     * Creates parameters listing the installed models.
     *
     * @param locale the locale for descriptions, or {@code null}
     */
    public VqzImageWriteParam(Locale locale) {
        super(locale);
        canWriteCompressed = true;
        List<String> models = VqzCodecs.modelNames();
        compressionTypes = models.isEmpty() ? null : models.toArray(new String[0]);
        compressionType = models.isEmpty() ? null : models.get(0);
        compressionQuality = DEFAULT_QUALITY / 100f;
    }

    /**
     * Back to the default model and quality (rather than to no type and quality 1 as in {@link ImageWriteParam}),
     * so that {@code setCompressionMode(MODE_EXPLICIT)}, which calls this, leaves a usable setting.
     */
    @Override
    public void unsetCompression() {
        super.unsetCompression();
        compressionType = compressionTypes != null ? compressionTypes[0] : null;
        compressionQuality = DEFAULT_QUALITY / 100f;
    }

    /** The quality intervals of the codec's operating points: smallest, low, medium (default), high. */
    @Override
    public String[] getCompressionQualityDescriptions() {
        super.getCompressionQualityDescriptions(); // the state checks of ImageWriteParam
        return new String[] {"Smallest files", "Low quality", "Medium quality (default)", "High quality"};
    }

    /** The boundaries of the intervals of {@link #getCompressionQualityDescriptions()}. */
    @Override
    public float[] getCompressionQualityValues() {
        super.getCompressionQualityValues();
        return new float[] {0f, Quality.LOW / 100f, Quality.DEFAULT / 100f, Quality.HIGH / 100f, 1f};
    }

    /** Always {@code false}: every model is lossy. */
    @Override
    public boolean isCompressionLossless() {
        super.isCompressionLossless(); // the state checks of ImageWriteParam
        return false;
    }

    /**
     * Sets the number of encoder threads.
     *
     * @param threads 1 or more, or 0 for the codec's default
     */
    public void setThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads < 0: " + threads);
        }
        this.threads = threads;
    }

    /** The number of encoder threads; 0 for the codec's default. */
    public int getThreads() {
        return threads;
    }

    /** The codec quality 0..100 for the compression quality set here. */
    int codecQuality() {
        return Quality.fromFraction(compressionQuality);
    }
}
