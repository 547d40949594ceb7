package io.vqz.spark;

import com.google.gson.Gson;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Lists the files on the driver and spreads them over partitions of about equal bytes; each executor reads and
 * decodes its files ({@link VqzPartitionReader}).
 */
final class VqzScan implements ScanBuilder, Scan, Batch {
    private final CaseInsensitiveStringMap options;

    VqzScan(CaseInsensitiveStringMap options) {
        this.options = options;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public StructType readSchema() {
        return VqzTable.SCHEMA;
    }

    @Override
    public String description() {
        return "vqz " + paths();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        SparkSession spark = SparkSession.active();
        List<FileStatus> files = list(spark.sparkContext().hadoopConfiguration());
        int n = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 2));
        // largest file first into the partition with the fewest bytes so far
        PriorityQueue<Bin> bins = new PriorityQueue<>(Comparator.comparingLong(Bin::bytes));
        for (int i = 0; i < n; i++) {
            bins.add(new Bin());
        }
        files.sort(Comparator.comparingLong(FileStatus::getLen).reversed());
        for (FileStatus f : files) {
            Bin smallest = bins.poll();
            smallest.files.add(f);
            smallest.bytes += f.getLen();
            bins.add(smallest);
        }
        return bins.stream().filter(b -> !b.files.isEmpty()).map(b -> {
            b.files.sort(Comparator.comparing(s -> s.getPath().toString()));
            return new VqzPartitionReader.Files(b.files.stream().map(s -> s.getPath().toString())
                    .toArray(String[]::new), b.files.stream().mapToLong(FileStatus::getLen).toArray());
        }).toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new VqzPartitionReader.Factory(VqzPartitionReader.Mode.of(options.get("mode")),
                options.getBoolean("headersOnly", false), VqzCodecs.from(options),
                new SerializableConfiguration(SparkSession.active().sparkContext().hadoopConfiguration()));
    }

    private static final class Bin {
        final List<FileStatus> files = new ArrayList<>();
        long bytes;

        long bytes() {
            return bytes;
        }
    }

    private List<String> paths() {
        String many = options.get("paths");
        if (many != null && !many.isEmpty()) {
            return Arrays.asList(new Gson().fromJson(many, String[].class));
        }
        String one = options.get("path");
        if (one == null) {
            throw new IllegalArgumentException("no path: spark.read.format(\"vqz\").load(path)");
        }
        return List.of(one);
    }

    /** Every file under the paths (globs expanded, directories listed) whose name matches the filter. */
    private List<FileStatus> list(Configuration conf) {
        boolean recursive = options.getBoolean("recursiveFileLookup", false);
        try {
            GlobFilter filter = new GlobFilter(options.getOrDefault("pathGlobFilter", "*.vqz"));
            List<FileStatus> files = new ArrayList<>();
            for (String p : paths()) {
                Path path = new Path(p);
                FileSystem fs = path.getFileSystem(conf);
                FileStatus[] matched = fs.globStatus(path);
                if (matched == null || matched.length == 0) {
                    throw new IOException("path does not exist: " + p);
                }
                for (FileStatus s : matched) {
                    if (s.isFile()) {
                        files.add(s);
                        continue;
                    }
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), recursive);
                    while (it.hasNext()) {
                        LocatedFileStatus f = it.next();
                        String name = f.getPath().getName();
                        if (!hidden(f.getPath(), s.getPath()) && filter.accept(f.getPath())
                                && !name.startsWith(".") && !name.startsWith("_")) {
                            files.add(f);
                        }
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a directory between {@code root} and the file is hidden ({@code _temporary}, {@code .git}). */
    private static boolean hidden(Path file, Path root) {
        Path p = file.getParent();
        for (int between = file.depth() - root.depth() - 1; between > 0 && p != null; between--) {
            if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
                return true;
            }
            p = p.getParent();
        }
        return false;
    }
}
