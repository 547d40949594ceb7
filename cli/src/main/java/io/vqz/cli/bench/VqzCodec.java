package io.vqz.cli.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * VQZ in-process. Until io.vqz.codec (VqzEncoder/VqzDecoder) is on main this reports itself
 * unavailable, so the benchmark skips it with that note.
 *
 * @since 0.1
 */
final class VqzCodec implements BenchCodec {
    static VqzCodec create() {
        return new VqzCodec();
    }

    static VqzCodec create(Path modelFile) {
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
