package io.vqz.spark;

import io.vqz.codec.Psnr;
import io.vqz.codec.EncodeInput;
import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compresses a directory tree of images into {@code .vqz}, mirroring the tree:
 * {@code spark-submit --class io.vqz.spark.CompressJob vqz-spark.jar INPUT OUTPUT [--quality Q] [--effort E]
 * [--model M] [--model-id SHA256] [--psnr-sample N] [--threads T]}. INPUT and OUTPUT are any Hadoop file system paths.
 * <p>
 * Inputs are the files ImageIO reads here (PNG, JPEG, BMP, GIF, TIFF, WebP, PSD, PNM, TGA, PCX, SGI: the CLI's
 * {@code encode} inputs), hidden files and directories ({@code .x}, {@code _x}) left out. An input whose output
 * already exists is skipped, so a stopped job resumes where it was; each output appears whole or not at all (written
 * beside, then renamed). A file that cannot be read or encoded is counted and named in the summary, not fatal.
 * The summary ({@link CompressSummary}) goes to stdout and to {@code OUTPUT/_vqz_summary.json}; PSNR is measured on
 * N files spread over the work (default 16) by decoding them again.
 *
 * @since 0.3
 */
public final class CompressJob {
    private static volatile boolean scanned;

    private CompressJob() {
    }

    /**
     * Registers the image readers of this job's jar with ImageIO, once per JVM: ImageIO looks for plugins with the
     * class loader of the thread that first uses it, which on a Spark executor may not see the application jar.
     */
    private static void scanReaders() {
        if (!scanned) {
            synchronized (CompressJob.class) {
                if (!scanned) {
                    Thread t = Thread.currentThread();
                    ClassLoader before = t.getContextClassLoader();
                    t.setContextClassLoader(CompressJob.class.getClassLoader());
                    try {
                        ImageIO.scanForPlugins();
                    } finally {
                        t.setContextClassLoader(before);
                    }
                    scanned = true;
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("missing value of " + args[i]);
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                paths.add(args[i]);
            }
        }
        if (paths.size() != 2) {
            System.err.println("usage: CompressJob INPUT_DIR OUTPUT_DIR [--quality Q] [--effort E] [--model M]"
                    + " [--model-id SHA256] [--psnr-sample N] [--threads T]");
            System.exit(2);
        }
        options.put("modelId", options.remove("model-id"));
        options.values().removeIf(v -> v == null);
        SparkSession spark = SparkSession.builder().appName("vqz compress").getOrCreate();
        try {
            CompressSummary summary = run(spark, paths.get(0), paths.get(1), options);
            System.out.println(summary.json());
        } finally {
            spark.stop();
        }
    }

    /** Runs the job on a session; the summary is also written to {@code OUTPUT/_vqz_summary.json}. */
    public static CompressSummary run(SparkSession spark, String input, String output, Map<String, String> options)
            throws IOException {
        long start = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path in = new Path(input);
        Path out = new Path(output);
        FileSystem inFs = in.getFileSystem(conf);
        FileSystem outFs = out.getFileSystem(conf);
        scanReaders();
        Set<String> suffixes = new TreeSet<>();
        for (String s : ImageIO.getReaderFileSuffixes()) {
            suffixes.add(s.toLowerCase(Locale.ROOT));
        }
        suffixes.remove("vqz");
        Path root = inFs.getFileStatus(in).getPath();
        Set<String> done = new HashSet<>();
        if (outFs.exists(out)) {
            RemoteIterator<LocatedFileStatus> existing = outFs.listFiles(out, true);
            while (existing.hasNext()) {
                done.add(existing.next().getPath().toUri().getPath());
            }
        }
        List<Job> todo = new ArrayList<>();
        int found = 0;
        RemoteIterator<LocatedFileStatus> it = inFs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus status = it.next();
            Path file = status.getPath();
            String rel = file.toUri().getPath().substring(root.toUri().getPath().length() + 1);
            String name = file.getName();
            int dot = name.lastIndexOf('.');
            if (dot <= 0 || !suffixes.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                    || Arrays.stream(rel.split("/")).anyMatch(p -> p.startsWith(".") || p.startsWith("_"))) {
                continue;
            }
            found++;
            Path target = new Path(out, rel.substring(0, rel.length() - name.length() + dot) + ".vqz");
            if (!done.contains(outFs.makeQualified(target).toUri().getPath())) {
                todo.add(new Job(file.toString(), target.toString(), status.getLen(), false));
            }
        }
        todo.sort(Comparator.comparing(Job::source));
        int sample = Math.min(Integer.parseInt(options.getOrDefault("psnr-sample", "16")), todo.size());
        for (int i = 0; i < sample; i++) {
            int at = (int) ((long) i * todo.size() / sample);
            Job j = todo.get(at);
            todo.set(at, new Job(j.source(), j.target(), j.bytes(), true));
        }
        VqzCodecs codecs = VqzCodecs.from(options);
        int quality = VqzCodecs.quality(options);
        SerializableConfiguration hadoop = new SerializableConfiguration(conf);
        int partitions = Math.max(1, Math.min(todo.size(), spark.sparkContext().defaultParallelism() * 4));
        CompressSummary total = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(todo, partitions)
                .map(job -> compress(job, codecs, quality, hadoop))
                .fold(CompressSummary.EMPTY, CompressSummary::plus);
        CompressSummary summary = total.finish(found, found - todo.size(), (System.nanoTime() - start) / 1e9);
        outFs.mkdirs(out);
        try (FSDataOutputStream s = outFs.create(new Path(out, "_vqz_summary.json"), true)) {
            s.write(summary.json().getBytes(StandardCharsets.UTF_8));
        }
        return summary;
    }

    /** One input: its path, its output's path, its size as listed, and whether its PSNR is measured. */
    private record Job(String source, String target, long bytes, boolean psnr) implements Serializable {
    }

    /** The first image of a stream, read after its memory and its encode's are reserved ({@link EncodeInput}). */
    private static EncodeInput read(java.io.InputStream s, VqzEncoder encoder, String name) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(s)) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("not an image ImageIO reads");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return EncodeInput.read(reader, encoder, reader.getFormatName().toUpperCase(java.util.Locale.ROOT)
                        + " image " + name);
            } finally {
                reader.dispose();
            }
        }
    }

    /** One file: read, encode, write beside and rename; PSNR when sampled. Never throws. */
    private static CompressSummary compress(Job job, VqzCodecs codecs, int quality, SerializableConfiguration conf) {
        Path source = new Path(job.source());
        Path target = new Path(job.target());
        try {
            scanReaders();
            BufferedImage image;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            VqzEncoder encoder = codecs.encoder(quality);
            try (FSDataInputStream s = source.getFileSystem(conf.value()).open(source);
                 EncodeInput input = read(s, encoder, source.getName())) {
                image = input.image();
                encoder.encode(image, null, bytes); // within the memory reserved before the image was decoded
            }
            FileSystem outFs = target.getFileSystem(conf.value());
            Path partial = new Path(target.getParent(), "." + target.getName() + ".partial");
            try (FSDataOutputStream s = outFs.create(partial, true)) {
                bytes.writeTo(s);
            }
            if (!outFs.rename(partial, target)) {
                outFs.delete(partial, false);
                throw new IOException("cannot rename into " + target);
            }
            double psnr = Double.NaN;
            if (job.psnr()) {
                VqzDecoder decoder = codecs.decoder();
                psnr = Psnr.rgb(image, decoder.decode(new ByteArrayInputStream(bytes.toByteArray())));
            }
            return CompressSummary.file(job.bytes(), bytes.size(), (long) image.getWidth() * image.getHeight(), psnr);
        } catch (IOException | RuntimeException e) {
            return CompressSummary.failure(job.source() + ": " + e.getMessage());
        }
    }
}
