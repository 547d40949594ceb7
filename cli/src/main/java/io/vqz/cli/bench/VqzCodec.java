package io.vqz.cli.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * VQZ in-process. Placeholder until io.vqz.codec lands on main: reports itself unavailable.
 *
 * @since 0.1
 */
final class VqzCodec implements BenchCodec {
    static VqzCodec create() {
        return new VqzCodec();
    }

    @Override
    public String name() {
        return "vqz";
    }

    @Override
    public String description() {
        return "VQZ";
    }

    @Override
    public String unavailableReason() {
        return "the codec module has no VqzEncoder in this build yet";
    }

    @Override
    public Coded code(Source source, int quality, Path work) throws IOException {
        throw new IOException(unavailableReason());
    }
}
