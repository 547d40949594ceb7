package io.vqz.spark;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.SerializableConfiguration;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One task of a {@link VqzWrite}: encodes each row's image into a staged file named after its origin. */
final class VqzDataWriter {

    /** What every task needs: where the image is in a row, the codec, the staging directory. */
    record Factory(int[] columns, VqzCodecs codecs, int quality, String staging,
                   SerializableConfiguration conf)
            implements Serializable {
        VqzDataWriter createWriter(int partitionId, long taskId) {
            return new VqzDataWriter(this, new Path(staging, "task-" + partitionId + "-" + taskId), partitionId);
        }
    }

    /** What a task staged: the files and the names they take in the target directory. */
    record Written(String[] staged, String[] names) implements Serializable {
    }

    private final Factory f;
    private final Path dir;
    private final int partition;
    private final List<String> staged = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();

    private VqzDataWriter(Factory factory, Path dir, int partition) {
        this.f = factory;
        this.dir = dir;
        this.partition = partition;
    }

    void write(InternalRow record) throws IOException {
        int[] at = f.columns();
        InternalRow img = at[0] < 0 ? record : record.getStruct(at[0], 6);
        String origin = img == null || at[1] < 0 || img.isNullAt(at[1]) ? null : img.getUTF8String(at[1]).toString();
        String name = name(origin);
        BufferedImage image;
        try {
            if (img == null) {
                throw new IllegalArgumentException("the image is null");
            }
            image = ImageRows.toImage(img.getInt(at[3]), img.getInt(at[2]), img.getInt(at[4]), img.getInt(at[5]),
                    img.getBinary(at[6]));
        } catch (RuntimeException e) {
            throw new IOException("cannot write " + (origin == null ? "a row" : origin) + " as vqz: "
                    + e.getMessage(), e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        f.codecs().encoder(f.quality()).encode(image, null, bytes);
        Path file = new Path(dir, name);
        FileSystem fs = file.getFileSystem(f.conf().value());
        try (FSDataOutputStream out = fs.create(file, false)) {
            bytes.writeTo(out);
        }
        staged.add(file.toString());
        names.add(name);
    }

    /** The origin's file name with {@code .vqz} for its extension, unique within the task. */
    private String name(String origin) {
        String base = origin == null ? "" : origin.substring(origin.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        base = dot > 0 ? base.substring(0, dot) : base;
        if (base.isEmpty()) {
            base = "part-" + partition + "-" + staged.size();
        }
        String name = base + ".vqz";
        for (int n = 1; !taken.add(name); n++) {
            name = base + "-" + n + ".vqz";
        }
        return name;
    }

    Written commit() {
        return new Written(staged.toArray(new String[0]), names.toArray(new String[0]));
    }

    void abort() throws IOException {
        dir.getFileSystem(f.conf().value()).delete(dir, true);
    }
}
