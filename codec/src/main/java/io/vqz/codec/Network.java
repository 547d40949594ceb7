package io.vqz.codec;

import java.io.IOException;

/**
 * A model's encoder or decoder network: an ONNX network ({@link OnnxNet}), or one derived from it in Java
 * ({@link HalfResolution}). Implementations are thread-safe.
 */
interface Network {
    /** Runs with a float input of the given shape; returns every output as floats or longs, in order. */
    Object[] runFloat(float[] input, long... shape) throws IOException;

    /** Runs with an int64 input of the given shape (a single-layer model's decoder takes its code grid). */
    Object[] runLong(long[] input, long... shape) throws IOException;
}
