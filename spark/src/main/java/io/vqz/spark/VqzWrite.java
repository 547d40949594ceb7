package io.vqz.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes image rows as {@code .vqz} files under every save mode, the way Spark's file sources do: each task encodes
 * its rows into {@code <dir>/_temporary/<job>/}, the job commit moves them into {@code <dir>} (after deleting its
 * {@code .vqz} files when overwriting) and writes {@code _SUCCESS}; a failed job leaves {@code <dir>} as it was.
 * {@code errorifexists} (the default) refuses a directory that exists, {@code ignore} leaves it alone.
 * <p>
 * It runs as a V1 {@code CreatableRelationProvider} write ({@link VqzDataSource}): Data Source V2 has no
 * {@code errorifexists} or {@code ignore} for path-based sources, so Spark refused the default mode.
 */
final class VqzWrite {
    private VqzWrite() {
    }

    static void save(SparkSession spark, SaveMode mode, Map<String, String> options, Dataset<Row> data)
            throws IOException {
        String path = new CaseInsensitiveStringMap(options).get("path");
        if (path == null) {
            throw new IllegalArgumentException("no path: df.write.format(\"vqz\").save(dir)");
        }
        Path dir = new Path(path);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(dir)) {
            if (mode == SaveMode.ErrorIfExists) {
                throw new IOException("path " + dir + " already exists (save mode errorifexists; append adds to "
                        + "it, overwrite replaces its .vqz files, ignore leaves it)");
            }
            if (mode == SaveMode.Ignore) {
                return;
            }
        }
        // every option is checked here, on the driver, before any task starts
        VqzDataWriter.Factory factory = new VqzDataWriter.Factory(imageColumns(data.schema()),
                VqzCodecs.from(options), VqzCodecs.quality(options),
                new Path(new Path(dir, "_temporary"), UUID.randomUUID().toString()).toString(),
                new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Path staging = new Path(factory.staging());
        try {
            Function2<Integer, Iterator<InternalRow>, Iterator<VqzDataWriter.Written>> task = (partition, rows) -> {
                VqzDataWriter writer = factory.createWriter(partition, TaskContext.get().taskAttemptId());
                try {
                    while (rows.hasNext()) {
                        writer.write(rows.next());
                    }
                    return List.of(writer.commit()).iterator();
                } catch (IOException | RuntimeException e) {
                    writer.abort();
                    throw e;
                }
            };
            List<VqzDataWriter.Written> written = data.queryExecution().toRdd().toJavaRDD()
                    .mapPartitionsWithIndex(task, false).collect();
            commit(fs, dir, staging, written, mode == SaveMode.Overwrite);
        } finally {
            fs.delete(staging, true);
            Path temporary = staging.getParent();
            if (fs.exists(temporary) && fs.listStatus(temporary).length == 0) {
                fs.delete(temporary, false);
            }
        }
    }

    private static void commit(FileSystem fs, Path dir, Path staging, List<VqzDataWriter.Written> written,
                               boolean overwrite) throws IOException {
        if (overwrite && fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                String name = s.getPath().getName();
                if (s.isFile() && (name.endsWith(".vqz") || name.equals("_SUCCESS"))) {
                    fs.delete(s.getPath(), false);
                }
            }
        }
        fs.mkdirs(dir);
        for (VqzDataWriter.Written w : written) {
            for (int i = 0; i < w.staged().length; i++) {
                Path target = free(fs, dir, w.names()[i]);
                if (!fs.rename(new Path(w.staged()[i]), target)) {
                    throw new IOException("cannot move " + w.staged()[i] + " to " + target);
                }
            }
        }
        fs.create(new Path(dir, "_SUCCESS"), true).close();
    }

    /** {@code dir/name}, or {@code name-1.vqz}, {@code name-2.vqz}, ... when taken (two inputs of one name). */
    private static Path free(FileSystem fs, Path dir, String name) throws IOException {
        Path target = new Path(dir, name);
        String base = name.substring(0, name.length() - ".vqz".length());
        for (int n = 1; fs.exists(target); n++) {
            target = new Path(dir, base + "-" + n + ".vqz");
        }
        return target;
    }

    /**
     * Where the image struct's fields are: {@code [struct column or -1, origin, height, width, nChannels, mode,
     * data]} (origin -1 when absent).
     */
    static int[] imageColumns(StructType schema) {
        StructType struct = schema;
        int column = -1;
        if (schema.getFieldIndex("image").isDefined()) {
            column = schema.fieldIndex("image");
            DataType type = schema.fields()[column].dataType();
            if (!(type instanceof StructType)) {
                throw new IllegalArgumentException("column image is " + type.simpleString() + ", not Spark's image "
                        + "struct " + ImageRows.IMAGE.simpleString());
            }
            struct = (StructType) type;
        }
        int[] at = new int[7];
        at[0] = column;
        String[] names = {"origin", "height", "width", "nChannels", "mode", "data"};
        for (int i = 0; i < names.length; i++) {
            if (struct.getFieldIndex(names[i]).isEmpty()) {
                if (i == 0) {
                    at[1] = -1;
                    continue;
                }
                throw new IllegalArgumentException("writing vqz needs a column image of Spark's image struct "
                        + ImageRows.IMAGE.simpleString() + "; " + schema.simpleString() + " has no " + names[i]);
            }
            at[i + 1] = struct.fieldIndex(names[i]);
        }
        return at;
    }
}
