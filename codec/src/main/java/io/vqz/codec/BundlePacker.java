package io.vqz.codec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Build step: writes the {@link PackedBundle} form of every bundle {@link ShippedModels#STORED_PACKED} names,
 * from the source resources directory (first argument) into the output directory (second), which the build
 * copies every other resource into. An output newer than its source is kept, so only a clean build pays the
 * compression (about 10 s on two cores). Not part of the jar.
 */
public final class BundlePacker {
    private BundlePacker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BundlePacker SOURCE_RESOURCES OUTPUT_DIRECTORY");
        }
        for (String resource : ShippedModels.STORED_PACKED) {
            Path source = Path.of(args[0], resource.substring(1));
            Path target = Path.of(args[1], resource.substring(1) + PackedBundle.SUFFIX);
            if (Files.isRegularFile(target)
                    && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(source)) > 0) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.write(tmp, PackedBundle.pack(Files.readAllBytes(source)));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("BundlePacker: " + source.getFileName() + " " + Files.size(source) + " -> "
                    + Files.size(target) + " bytes");
        }
    }
}
