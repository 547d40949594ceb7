package io.vqz.codec;

import java.io.IOException;
import java.util.HexFormat;

/**
 * Thrown when a {@code .vqz} file was coded with a model that is not in the decoder's {@link ModelRegistry}.
 * The message names the model and its identifier; add the model's {@code .vqzm} bundle to a directory in
 * {@code VQZ_MODEL_PATH} (or pass it to {@link ModelRegistry.Builder#add(ModelBundle)}) to decode the file.
 *
 * @since 0.1
 */
public class MissingModelException extends IOException {
    private static final long serialVersionUID = 1L;

    private final byte[] modelId;
    private final String modelName;

    /**
     * @param modelId   the 32-byte identifier from the file's header
     * @param modelName the model name from the file's header
     */
    public MissingModelException(byte[] modelId, String modelName) {
        this(io.vqz.format.ModelId.of(modelId), modelName);
    }

    /**
     * @param modelId   the identifier from the file's header
     * @param modelName the model name from the file's header
     * @since 0.3
     */
    public MissingModelException(io.vqz.format.ModelId modelId, String modelName) {
        super("the model \"" + modelName + "\" (id " + modelId.hex()
                + ") is not available: put its .vqzm bundle in a directory named by VQZ_MODEL_PATH"
                + " or add it to the ModelRegistry");
        this.modelId = modelId.bytes();
        this.modelName = modelName;
    }

    /** The missing model's identifier (32 bytes). */
    public byte[] modelId() {
        return modelId.clone();
    }

    /** The identifier as hex digits. */
    public String modelIdHex() {
        return HexFormat.of().formatHex(modelId);
    }

    /** The missing model's name as written in the file. */
    public String modelName() {
        return modelName;
    }
}
