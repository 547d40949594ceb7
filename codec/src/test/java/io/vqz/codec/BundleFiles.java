package io.vqz.codec;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Writes variants of the default bundle for registry and loading tests. */
final class BundleFiles {
    private BundleFiles() {
    }

    static final String[] ENTRIES = {"manifest.json", "encoder.onnx", "decoder.onnx", "prior.onnx", "prior.bin",
            "codebook.bin", "parity.json"};

    /** The default bundle re-packed under another name (so another identifier), without {@code skip}. */
    static Path write(Path file, String name, String skip) throws IOException {
        return write(file, name, skip, null, null);
    }

    /** As {@link #write(Path, String, String)}, with entry {@code replace} holding {@code data} instead. */
    static Path write(Path file, String name, String skip, String replace, byte[] replacement) throws IOException {
        ModelBundle base = TestImages.v1();
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String e : ENTRIES) {
                if (e.equals(skip)) {
                    continue;
                }
                byte[] data = e.equals(replace) ? replacement : base.entry(e);
                if (e.equals("manifest.json") && !e.equals(replace)) {
                    data = new String(data, StandardCharsets.UTF_8)
                            .replace("\"" + base.name() + "\"", "\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
                }
                TarArchiveEntry entry = new TarArchiveEntry(e);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Bundle {@code source} re-packed as {@code file} with its manifest passed through {@code edit}. */
    static Path withManifest(Path source, Path file, UnaryOperator<String> edit) throws IOException {
        return withEntry(source, file, "manifest.json", data -> edit.apply(new String(data, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Bundle {@code source} re-packed as {@code file} with entry {@code name} passed through {@code edit}. */
    static Path withEntry(Path source, Path file, String name, UnaryOperator<byte[]> edit) throws IOException {
        try (InputStream in = Files.newInputStream(source);
             TarArchiveInputStream src = new TarArchiveInputStream(in);
             OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (TarArchiveEntry e = src.getNextTarEntry(); e != null; e = src.getNextTarEntry()) {
                byte[] data = src.readAllBytes();
                if (e.getName().equals(name)) {
                    data = edit.apply(data);
                }
                TarArchiveEntry entry = new TarArchiveEntry(e.getName());
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
