package io.vqz.imageio;

import io.vqz.codec.Effort;
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
 *   <li>{@link #setEffort(int)}: the encoder's effort ({@link Effort}: more encode time, smaller files at the same
 *       quality, no change to decoding). A program that only knows {@code ImageWriteParam} sets it for every write
 *       with the system property {@value #EFFORT_PROPERTY} ({@code -Dvqz.imageio.effort=9}); it is read when the
 *       parameters are made, and also applies to writes without parameters.</li>
 * </ul>
 * Not thread-safe (like every {@code ImageWriteParam}).
 *
 * @since 0.1
 */
public final class VqzImageWriteParam extends ImageWriteParam {

    /** The quality used unless another is set, in percent: {@value}. */
    public static final int DEFAULT_QUALITY = Quality.DEFAULT;

    /**
     * The system property that sets the effort of writes whose parameters do not ({@value}, 0..9; default
     * {@value Effort#DEFAULT}).
     *
     * @since 0.9
     */
    public static final String EFFORT_PROPERTY = "vqz.imageio.effort";

    private int threads;
    private int effort = -1;

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

    /**
     * Sets the encoder's effort.
     *
     * @param effort {@value Effort#FASTEST}..{@value Effort#MAX}
     * @throws IllegalArgumentException if outside that range
     * @since 0.9
     */
    public void setEffort(int effort) {
        this.effort = Effort.check(effort);
    }

    /**
     * The encoder's effort: the one set here, else {@value #EFFORT_PROPERTY}'s, else {@value Effort#DEFAULT}.
     *
     * @throws IllegalArgumentException if the system property is not an effort
     * @since 0.9
     */
    public int getEffort() {
        return effort >= 0 ? effort : defaultEffort();
    }

    /**
     * {@value #EFFORT_PROPERTY}'s effort, or {@value Effort#DEFAULT} where it is unset.
     *
     * @throws IllegalArgumentException if the property is not an effort
     */
    static int defaultEffort() {
        String value = System.getProperty(EFFORT_PROPERTY);
        if (value == null || value.isBlank()) {
            return Effort.DEFAULT;
        }
        try {
            return Effort.check(Integer.parseInt(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + EFFORT_PROPERTY + ": '" + value
                    + "' is not an effort in " + Effort.FASTEST + ".." + Effort.MAX, e);
        }
    }

    /** The codec quality 0..100 for the compression quality set here. */
    int codecQuality() {
        return Quality.fromFraction(compressionQuality);
    }
}
