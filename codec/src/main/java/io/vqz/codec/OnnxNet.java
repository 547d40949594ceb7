package io.vqz.codec;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * One ONNX network run through DJL's ONNX Runtime engine. Thread-safe: the ORT session is, and every call uses
 * its own predictor and NDManager, so native tensors are freed when the call returns.
 */
final class OnnxNet implements Network, AutoCloseable {
    static {
        // Nothing may be downloaded at run time: the natives come from the onnxruntime jar.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        OnnxNatives.prepare();
    }

    private final Model model;
    private final SessionOptions options;
    private final String name;

    private OnnxNet(Model model, SessionOptions options, String name) {
        this.model = model;
        this.options = options;
        this.name = name;
    }

    /** Stack of the thread that starts ONNX Runtime and loads a network (see {@link #load}). */
    private static final long LOADER_STACK = 64L << 20;

    static OnnxNet load(String name, byte[] onnx) throws IOException {
        // Two things of the calling thread must not matter, so the work runs on a thread of its own:
        // - DJL finds its engines with a ServiceLoader on the thread's context class loader, once per class loader;
        //   in an application server that is the server's loader, which cannot see the engine bundled with this
        //   codec ("Deep learning engine not found"). This thread's is the codec's own loader.
        // - ONNX Runtime's environment start recurses about once per byte of the JVM's command line: with a long
        //   class path (18 kB, as Spark and application servers have) it overflows a 1 MB thread stack, a
        //   SIGSEGV that kills the JVM (seen on Spark executor threads). This thread's stack is 64 MB (reserved
        //   address space, touched only as deep as the recursion goes).
        OnnxNet[] net = new OnnxNet[1];
        Throwable[] failure = new Throwable[1];
        Thread loader = new Thread(null, () -> {
            try {
                net[0] = open(name, onnx);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "vqz-onnx-load", LOADER_STACK);
        loader.setContextClassLoader(OnnxNet.class.getClassLoader());
        loader.setDaemon(true);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading " + name);
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        return net[0];
    }

    private static OnnxNet open(String name, byte[] onnx) throws IOException {
        Model model;
        SessionOptions options;
        try {
            model = Model.newInstance(name, Device.cpu(), "OnnxRuntime");
            options = new SessionOptions();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("cannot start DJL's ONNX Runtime engine: " + e.getMessage(), e);
        }
        try {
            // ONNX Runtime's idle workers otherwise spin for a while after every run, taking the cores from the
            // entropy coder's threads that start right after the network (about 10 % of a Kodak encode)
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            int threads = Integer.getInteger(ModelBundle.NETWORK_THREADS, 0);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            model.load(new ByteArrayInputStream(onnx), Map.of("sessionOptions", options));
        } catch (OrtException | MalformedModelException | RuntimeException e) {
            model.close();
            options.close();
            throw new IOException("cannot load " + name + ": " + e.getMessage(), e);
        }
        return new OnnxNet(model, options, name);
    }

    @Override
    public Object[] runFloat(float[] input, long... shape) throws IOException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray in = manager.create(FloatBuffer.wrap(input), new Shape(shape), DataType.FLOAT32);
            return run(manager, in);
        }
    }

    @Override
    public Object[] runLong(long[] input, long... shape) throws IOException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray in = manager.create(LongBuffer.wrap(input), new Shape(shape), DataType.INT64);
            return run(manager, in);
        }
    }

    /**
     * Runs a network of several float inputs, given in the graph's order with their names (the decoder's gradient
     * graph takes the latents and a vector over the picture).
     */
    Object[] runFloats(String[] names, float[][] inputs, long[][] shapes) throws IOException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray[] in = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                in[i] = manager.create(FloatBuffer.wrap(inputs[i]), new Shape(shapes[i]), DataType.FLOAT32);
                in[i].setName(names[i]);
            }
            return run(manager, in);
        }
    }

    private Object[] run(NDManager manager, NDArray... in) throws IOException {
        try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            NDList out = predictor.predict(new NDList(in));
            Object[] result = new Object[out.size()];
            for (int i = 0; i < out.size(); i++) {
                NDArray a = out.get(i);
                result[i] = a.getDataType() == DataType.INT64 ? a.toLongArray() : a.toFloatArray();
                a.close();
            }
            return result;
        } catch (TranslateException | RuntimeException e) {
            throw new IOException(name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
        options.close();
    }
}
