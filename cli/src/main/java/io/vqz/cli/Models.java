package io.vqz.cli;

import java.io.IOException;

import io.vqz.codec.ModelBundle;
import io.vqz.codec.ModelRegistry;

/**
 * Resolves the {@code --model} option: a {@code *.vqzm} file, or the name of a model in the standard
 * registry (the bundled default plus the directory named by {@code VQZ_MODEL_PATH}).
 *
 * @since 0.1
 */
final class Models {

    static final String MODEL_HELP = "Model: a *.vqzm file, or the name of a bundled model or of one in the "
            + "directory named by VQZ_MODEL_PATH (default: the bundled model).";

    private Models() {
    }

    /** The bundle for {@code nameOrPath}, or the default bundle when it is {@code null}. */
    static ModelBundle resolve(String nameOrPath) throws IOException {
        return nameOrPath == null ? ModelBundle.defaultBundle() : ModelRegistry.standard().resolve(nameOrPath);
    }

    /** One line about the bundled model, for {@code --version}. */
    static String describeDefault() {
        try {
            ModelBundle b = ModelBundle.defaultBundle();
            return b.name() + " (" + b.modelId().shortHex() + ")";
        } catch (Exception | LinkageError e) {
            return "unavailable (" + Failures.problem(e) + ")";
        }
    }
}
