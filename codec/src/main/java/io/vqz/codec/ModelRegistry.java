package io.vqz.codec;

import io.vqz.format.ModelId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The model bundles a decoder may use, looked up by the identifier in a {@code .vqz} header. Immutable and
 * thread-safe.
 * <p>
 * {@link #standard()} holds the bundles shipped in the codec jar (the default and the earlier defaults, read only
 * when a file names them) and every {@code *.vqzm} file in the directory named by the
 * system property {@value #MODEL_PATH}, or else the environment variable of the same name (several directories
 * may be separated by the platform's path separator). Unreadable bundles there are skipped with a warning.
 *
 * @since 0.1
 */
public final class ModelRegistry {
    /** Name of the system property and environment variable listing extra model directories. */
    public static final String MODEL_PATH = "VQZ_MODEL_PATH";

    /** Asked for only when there is something to say: starting the logging system costs a cold start ~15 ms. */
    private static System.Logger log() {
        return System.getLogger(ModelRegistry.class.getName());
    }

    private final List<Entry> entries;

    /** A bundle, or a shipped one not read yet (its resource and recorded id). */
    private record Entry(ModelId id, ModelBundle bundle, String resource) {
        ModelBundle get() {
            return bundle != null ? bundle : ShippedModels.get(resource);
        }
    }

    private ModelRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The shipped bundles plus the bundles found through {@value #MODEL_PATH}. */
    public static ModelRegistry standard() {
        return builder().addShipped().addModelPath().build();
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bundle with this identifier (a SHA-256 of 32 bytes), if registered. */
    public Optional<ModelBundle> find(byte[] id) {
        return find(ModelId.of(id));
    }

    /**
     * The bundle with this identifier, if registered.
     *
     * @since 0.3
     */
    public Optional<ModelBundle> find(ModelId id) {
        for (Entry e : entries) {
            if (e.id().equals(id)) {
                return Optional.of(e.get());
            }
        }
        return Optional.empty();
    }

    /** The first bundle with this name (the default bundle comes first in {@link #standard()}), if present. */
    public Optional<ModelBundle> findByName(String name) {
        // in order, so a shipped bundle behind the match is not read
        return entries.stream().map(Entry::get).filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * The model a user names, the one home of that rule (the command's {@code --model}, the ImageIO writer's
     * compression type, the Spark option, the bench): null for the default bundle; a {@code *.vqzm} file (a name
     * ending so, or an existing file) loaded; otherwise the registered bundle of that name.
     *
     * @throws IOException naming what was asked and the models installed, if there is no such file or model, or
     *                     if the file is not a usable bundle
     * @since 0.8
     */
    public ModelBundle resolve(String nameOrPath) throws IOException {
        if (nameOrPath == null) {
            return ModelBundle.defaultBundle();
        }
        if (nameOrPath.endsWith(".vqzm") || isFile(nameOrPath)) {
            return ModelBundle.load(Paths.get(nameOrPath));
        }
        Optional<ModelBundle> named = findByName(nameOrPath);
        if (named.isPresent()) {
            return named.get();
        }
        throw new IOException("no model named '" + nameOrPath + "': give a *.vqzm file or the name of an installed "
                + "model (" + String.join(", ", list().stream().map(ModelBundle::name).distinct().toList())
                + "; more in the directories of " + MODEL_PATH + ")");
    }

    private static boolean isFile(String name) {
        try {
            return Files.isRegularFile(Paths.get(name));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * How many layers an encode at {@code quality} sends with the registered model {@code id}, as
     * {@link Quality#layers(int, ModelBundle)}; of a shipped bundle not read yet, only the manifest recorded beside
     * it is read.
     *
     * @return empty if no such model is registered or it has a single layer
     * @throws IllegalArgumentException if {@code quality} is not 0..100
     * @since 0.9
     */
    public OptionalInt layersAtQuality(ModelId id, int quality) {
        Quality.check(quality);
        for (Entry e : entries) {
            if (e.id().equals(id)) {
                List<QualityBand> bands = e.bundle() == null ? ShippedModels.qualityBands(e.resource())
                        : e.bundle().kind().hasQualityBands() ? e.bundle().qualityBands() : null;
                return bands == null ? OptionalInt.empty() : OptionalInt.of(Quality.layers(quality, id, bands));
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Whether a model with this identifier is registered (a shipped bundle is not read for it).
     *
     * @since 0.9
     */
    public boolean contains(ModelId id) {
        return entries.stream().anyMatch(e -> e.id().equals(id));
    }

    /** All bundles, in the order they were added (shipped ones not read yet are read now). */
    public List<ModelBundle> list() {
        return entries.stream().map(Entry::get).toList();
    }

    /** Builds a {@link ModelRegistry}. Not thread-safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** Adds a bundle (a bundle whose identifier is already present is ignored). */
        public Builder add(ModelBundle bundle) {
            return add(new Entry(bundle.modelId(), bundle, null));
        }

        private Builder add(Entry entry) {
            if (entries.stream().noneMatch(e -> e.id().equals(entry.id()))) {
                entries.add(entry);
            }
            return this;
        }

        /** Adds the default bundle from the codec jar. */
        public Builder addDefault() {
            return add(ModelBundle.defaultBundle());
        }

        /**
         * Adds the default bundle and the earlier defaults shipped in the codec jar, so that every file an
         * earlier version wrote with its default model decodes; each is read only when looked up (since 0.9 the
         * default too).
         *
         * @since 0.3
         */
        public Builder addShipped() {
            for (String resource : ShippedModels.SHIPPED) {
                byte[] id;
                try {
                    id = ShippedModels.recordedId(resource);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                add(id != null ? new Entry(ModelId.of(id), null, resource)
                        : new Entry(ShippedModels.get(resource).modelId(), null, resource));
            }
            return this;
        }

        /**
         * Adds every {@code *.vqzm} file in a directory, in name order.
         *
         * @throws IOException if the directory cannot be listed or a bundle in it is not valid
         */
        public Builder addDirectory(Path dir) throws IOException {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.vqzm")) {
                ds.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) {
                add(ModelBundle.load(f));
            }
            return this;
        }

        /** Adds the directories named by {@value #MODEL_PATH} (system property first, then environment). */
        public Builder addModelPath() {
            String value = System.getProperty(MODEL_PATH);
            if (value == null || value.isBlank()) {
                value = System.getenv(MODEL_PATH);
            }
            if (value == null || value.isBlank()) {
                return this;
            }
            for (String part : value.split(java.io.File.pathSeparator)) {
                if (part.isBlank()) {
                    continue;
                }
                Path dir = Paths.get(part);
                if (!Files.isDirectory(dir)) {
                    log().log(Level.WARNING, "{0} entry {1} is not a directory", MODEL_PATH, dir);
                    continue;
                }
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.vqzm")) {
                    ds.forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    log().log(Level.WARNING, "cannot list " + dir, e);
                    continue;
                }
                files.sort(null);
                for (Path f : files) {
                    try {
                        add(ModelBundle.load(f));
                    } catch (IOException e) {
                        log().log(Level.WARNING, "skipping model bundle " + f + ": " + e.getMessage());
                    }
                }
            }
            return this;
        }

        /** The registry. */
        public ModelRegistry build() {
            return new ModelRegistry(entries);
        }
    }
}
