package io.vqz.spark;

import io.vqz.codec.DecodedImage;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads one partition's files in order, one row each (see {@link VqzDataSource} for the columns and modes). */
final class VqzPartitionReader implements PartitionReader<InternalRow> {

    /** What becomes of a file that cannot be read, as in Spark's file sources. */
    enum Mode {
        PERMISSIVE, DROPMALFORMED, FAILFAST;

        static Mode of(String option) {
            if (option == null) {
                return PERMISSIVE;
            }
            try {
                return valueOf(option.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mode must be PERMISSIVE, DROPMALFORMED or FAILFAST: " + option);
            }
        }
    }

    /** A partition: the files one task reads, with their sizes as listed. */
    record Files(String[] paths, long[] lengths) implements InputPartition {
    }

    record Factory(Mode mode, boolean headersOnly, VqzCodecs codecs,
                   SerializableConfiguration conf)
            implements PartitionReaderFactory {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            return new VqzPartitionReader(this, (Files) partition);
        }
    }

    private final Factory f;
    private final Files files;
    private int next;
    private InternalRow row;

    private VqzPartitionReader(Factory factory, Files files) {
        this.f = factory;
        this.files = files;
    }

    @Override
    public boolean next() throws IOException {
        while (next < files.paths().length) {
            String path = files.paths()[next];
            long length = files.lengths()[next++];
            VqzHeader[] header = new VqzHeader[1];
            try {
                row = read(path, length, header);
                return true;
            } catch (IOException | RuntimeException e) {
                switch (f.mode()) {
                    case FAILFAST:
                        throw new IOException("cannot read " + path + ": " + e.getMessage()
                                + " (mode FAILFAST; PERMISSIVE records the error in column 'error')", e);
                    case DROPMALFORMED:
                        continue;
                    default:
                        row = row(path, header[0], length, null, e.getClass().getSimpleName() + ": "
                                + e.getMessage());
                        return true;
                }
            }
        }
        return false;
    }

    /** Reads one file; {@code header[0]} is set as soon as the header is read, for the error row. */
    private InternalRow read(String path, long length, VqzHeader[] header) throws IOException {
        Path p = new Path(path);
        try (FSDataInputStream raw = p.getFileSystem(f.conf().value()).open(p);
             InputStream in = new BufferedInputStream(raw, 1 << 16)) {
            if (f.headersOnly()) {
                header[0] = VqzReader.readHeader(in, VqzLimits.DEFAULT);
                return row(path, header[0], length, null, null);
            }
            VqzContainer container = f.codecs().decoder().read(in);
            header[0] = container.header();
            DecodedImage decoded = f.codecs().decoder().decode(container, null);
            return row(path, header[0], length, decoded.image(), null);
        }
    }

    private static InternalRow row(String path, VqzHeader h, long length, BufferedImage image, String error) {
        InternalRow img = h == null
                ? new GenericInternalRow(new Object[] {UTF8String.fromString(path), null, null, null, null, null})
                : ImageRows.internalRow(path, h.width(), h.height(),
                        image != null ? ImageRows.channels(image) : ImageRows.channels(h.colourLayout()), image);
        return new GenericInternalRow(new Object[] {img,
            h == null ? null : length * 8.0 / ((double) h.width() * h.height()),
            h == null ? null : h.quality(),
            h == null ? null : h.layers(),
            h == null ? null : UTF8String.fromString(h.modelName()),
            error == null ? null : UTF8String.fromString(error)});
    }

    @Override
    public InternalRow get() {
        return row;
    }

    @Override
    public void close() {
    }
}
