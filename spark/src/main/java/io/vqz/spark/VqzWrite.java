package io.vqz.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes image rows as {@code .vqz} files: each task encodes its rows into {@code <dir>/_temporary/<query>/},
 * the job commit moves them into {@code <dir>} (after deleting its {@code .vqz} files when overwriting) and writes
 * {@code _SUCCESS}; an aborted job leaves {@code <dir>} as it was.
 */
final class VqzWrite implements WriteBuilder, SupportsTruncate, Write, BatchWrite {
    private final LogicalWriteInfo info;
    private boolean truncate;

    VqzWrite(LogicalWriteInfo info) {
        this.info = info;
    }

    @Override
    public WriteBuilder truncate() {
        truncate = true;
        return this;
    }

    @Override
    public Write build() {
        return this;
    }

    @Override
    public BatchWrite toBatch() {
        return this;
    }

    private Path dir() {
        String path = info.options().get("path");
        if (path == null) {
            throw new IllegalArgumentException("no path: df.write.format(\"vqz\").save(dir)");
        }
        return new Path(path);
    }

    private Path staging() {
        return new Path(new Path(dir(), "_temporary"), info.queryId());
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo physical) {
        Map<String, String> options = info.options().asCaseSensitiveMap();
        return new VqzDataWriter.Factory(imageColumns(info.schema()), VqzCodecs.from(options),
                VqzCodecs.quality(options), staging().toString(),
                new HadoopConf(SparkSession.active().sparkContext().hadoopConfiguration()));
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

    @Override
    public void commit(WriterCommitMessage[] messages) {
        Path dir = dir();
        try {
            FileSystem fs = dir.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
            if (truncate && fs.exists(dir)) {
                for (FileStatus s : fs.listStatus(dir)) {
                    String name = s.getPath().getName();
                    if (s.isFile() && (name.endsWith(".vqz") || name.equals("_SUCCESS"))) {
                        fs.delete(s.getPath(), false);
                    }
                }
            }
            fs.mkdirs(dir);
            for (WriterCommitMessage m : messages) {
                VqzDataWriter.Written written = (VqzDataWriter.Written) m;
                for (int i = 0; i < written.staged().length; i++) {
                    Path target = free(fs, dir, written.names()[i]);
                    if (!fs.rename(new Path(written.staged()[i]), target)) {
                        throw new IOException("cannot move " + written.staged()[i] + " to " + target);
                    }
                }
            }
            fs.create(new Path(dir, "_SUCCESS"), true).close();
            fs.delete(staging(), true);
            Path temporary = staging().getParent();
            if (fs.exists(temporary) && fs.listStatus(temporary).length == 0) {
                fs.delete(temporary, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    @Override
    public void abort(WriterCommitMessage[] messages) {
        try {
            Path staging = staging();
            staging.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration()).delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
