package io.vqz.codec;

import java.io.IOException;

/**
 * A part of a model bundle made on its first use and then shared by every thread: a network, the codebooks, a
 * prior. A load that fails is tried again at the next use, so the error reaches whoever needs the part. Thread-safe.
 */
final class Lazy<T> {
    /** Makes the part; may fail with a {@link ModelBundleException} naming the bundle and entry. */
    interface Loader<T> {
        T load() throws IOException;
    }

    private final Loader<T> loader;
    private volatile T value;

    Lazy(Loader<T> loader) {
        this.loader = loader;
    }

    T get() throws IOException {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = loader.load();
                    value = v;
                }
            }
        }
        return v;
    }

    /** Whether the part is made already (a preload need not start). */
    boolean loaded() {
        return value != null;
    }
}
