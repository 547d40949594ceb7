package io.vqz.codec;

import java.io.IOException;

/**
 * A {@code .vqz} file whose header disagrees with the model its identifier names (codebook size, downsampling,
 * CDF precision, container version or layer count): the file is damaged or was made by a broken encoder. The
 * message starts with "file does not match model" and names the model and the fields.
 *
 * @since 0.3
 */
public class ModelMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String modelName;

    /**
     * @param modelName the model's name
     * @param detail    the header fields against the model's
     */
    public ModelMismatchException(String modelName, String detail) {
        super("file does not match model " + modelName + ": " + detail);
        this.modelName = modelName;
    }

    /** The name of the model the file names. */
    public String modelName() {
        return modelName;
    }
}
