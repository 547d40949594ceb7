package io.vqz.testdata;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's {@code testdata/} lies, for every module's tests (shipped in vqz-format's test jar). The
 * build passes the repository root as {@code -Dvqz.root}; a test started elsewhere (an IDE, a module directory)
 * finds it by walking up from the working directory to the first folder holding {@code testdata/}.
 */
public final class TestData {
    private TestData() {
    }

    /** The repository root, the folder holding {@code testdata/}. */
    public static Path root() {
        String given = System.getProperty("vqz.root");
        Path start = (given != null ? Path.of(given) : Path.of("")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata"))) {
                return p;
            }
        }
        throw new IllegalStateException("no testdata/ in " + start + " or above it (set -Dvqz.root=REPOSITORY)");
    }

    /** A path under {@code testdata/}, e.g. {@code file("golden/rgb-8x8.vqz")}. */
    public static Path file(String relative) {
        return root().resolve("testdata").resolve(relative);
    }

    /** The default model bundle in codec's sources. */
    public static Path defaultBundle() {
        return root().resolve("codec/src/main/resources/io/vqz/codec/default.vqzm");
    }

    /** The single-layer model of versions 0.1 and 0.2 ({@code vqz-f4-k512-v1}), shipped for their files. */
    public static Path v1Bundle() {
        return root().resolve("codec/src/main/resources/io/vqz/codec/vqz-f4-k512-v1.vqzm");
    }
}
