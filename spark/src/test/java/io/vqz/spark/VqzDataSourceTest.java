package io.vqz.spark;

import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** spark.read/write.format("vqz") on a local[2] session. */
class VqzDataSourceTest {
    private static final List<String> INPUTS = List.of("src.png", "p6.ppm", "rle.tga");
    private static final StructType ROWS = new StructType().add("image", ImageRows.IMAGE);

    private final SparkSession spark = LocalSpark.get();

    private Dataset<Row> imageRows() throws Exception {
        List<Row> rows = new java.util.ArrayList<>();
        for (String name : INPUTS) {
            rows.add(RowFactory.create(ImageRows.row("file:/in/" + name, LocalSpark.image(name))));
        }
        return spark.createDataFrame(rows, ROWS);
    }

    @Test
    void writtenRowsReadBackAsTheCodecDecodesTheirFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        imageRows().write().format("vqz").option("quality", 40).mode("overwrite").save(out.toString());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("_SUCCESS", "p6.vqz", "rle.vqz", "src.vqz"), s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().collect(Collectors.toList()), "(.crc: Hadoop's checksums)");
        }

        List<Row> read = spark.read().format("vqz").load(out.toString()).orderBy("image.origin").collectAsList();
        assertEquals(3, read.size());
        VqzDecoder decoder = VqzDecoder.builder().threads(1).build();
        for (Row row : read) {
            Row image = row.getStruct(0);
            Path file = Path.of(java.net.URI.create(image.getString(0)));
            BufferedImage expected;
            try (InputStream in = Files.newInputStream(file)) {
                expected = decoder.decode(in);
            }
            assertEquals(expected.getHeight(), image.getInt(1));
            assertEquals(expected.getWidth(), image.getInt(2));
            assertEquals(3, image.getInt(3));
            assertEquals(ImageRows.CV_8UC3, image.getInt(4));
            assertArrayEquals(ImageRows.bytes(expected, 3), (byte[]) image.get(5), file.toString());
            assertEquals(Files.size(file) * 8.0 / (expected.getWidth() * expected.getHeight()),
                    row.getDouble(1), 1e-9);
            assertEquals(40, row.getInt(2));
            assertTrue(row.getInt(3) >= 1);
            assertEquals(VqzEncoder.builder().build().model().name(), row.getString(4));
            assertTrue(row.isNullAt(5), "no error");
        }

        // append keeps what is there and never replaces a file of the same name
        imageRows().limit(1).write().format("vqz").mode("append").save(out.toString());
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("src-1.vqz")),
                    "a second src.vqz as src-1.vqz beside the first");
        }
    }

    @Test
    void headersOnlyGivesTheSizesWithoutPixels(@TempDir Path dir) throws Exception {
        imageRows().write().format("vqz").mode("overwrite").save(dir.resolve("out").toString());
        List<Row> rows = spark.read().format("vqz").option("headersOnly", "true").load(dir.resolve("out").toString())
                .select("image.height", "image.width", "image.nChannels", "image.data", "quality").collectAsList();
        assertEquals(3, rows.size());
        for (Row r : rows) {
            assertTrue(r.getInt(0) > 0 && r.getInt(1) > 0);
            assertEquals(3, r.getInt(2));
            assertTrue(r.isNullAt(3), "no pixels");
            assertEquals(75, r.getInt(4));
        }
    }

    @Test
    void aCorruptFileUnderEachMode(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("mixed");
        imageRows().limit(1).write().format("vqz").mode("overwrite").save(out.toString());
        byte[] good = Files.readAllBytes(out.resolve("src.vqz"));
        Files.write(out.resolve("truncated.vqz"), Arrays.copyOf(good, good.length / 2));

        List<Row> permissive = spark.read().format("vqz").load(out.toString()).orderBy("image.origin").collectAsList();
        assertEquals(2, permissive.size());
        assertTrue(permissive.get(0).isNullAt(5));
        Row bad = permissive.get(1);
        assertTrue(bad.getStruct(0).getString(0).endsWith("truncated.vqz"));
        assertFalse(bad.isNullAt(5));
        assertTrue(bad.getStruct(0).isNullAt(5), "no pixels for a bad file");

        assertEquals(1, spark.read().format("vqz").option("mode", "DROPMALFORMED").load(out.toString()).count());

        Exception e = assertThrows(Exception.class,
                () -> spark.read().format("vqz").option("mode", "FAILFAST").load(out.toString()).collectAsList());
        String messages = Stream.iterate((Throwable) e, t -> t != null, Throwable::getCause)
                .map(String::valueOf).collect(Collectors.joining("\n"));
        assertTrue(messages.contains("cannot read") && messages.contains("truncated.vqz"), messages);
    }

    @Test
    void aModelShippedAsAFileIsCheckedByItsId(@TempDir Path dir) throws Exception {
        Path model = io.vqz.testdata.TestData.file("models/tiny-layered.vqzm");
        String id = io.vqz.codec.ModelBundle.load(model).idHex();
        Path out = dir.resolve("tiny");
        imageRows().limit(1).write().format("vqz").option("model", model.toString()).option("modelId", id)
                .mode("overwrite").save(out.toString());
        // shipped the way spark-submit --files ships it: executors find it by its file name
        spark.sparkContext().addFile(model.toString());
        Row row = spark.read().format("vqz").option("model", "tiny-layered.vqzm").load(out.toString()).first();
        assertTrue(row.isNullAt(5), String.valueOf(row.get(5)));
        assertEquals(io.vqz.codec.ModelBundle.load(model).name(), row.getString(4));

        Exception e = assertThrows(Exception.class, () -> imageRows().write().format("vqz")
                .option("model", model.toString()).option("modelId", "00".repeat(32)).mode("overwrite")
                .save(dir.resolve("wrong").toString()));
        String messages = Stream.iterate((Throwable) e, t -> t != null, Throwable::getCause)
                .map(String::valueOf).collect(Collectors.joining("\n"));
        assertTrue(messages.contains("not the expected " + "00".repeat(32)), messages);
        assertFalse(Files.exists(dir.resolve("wrong").resolve("src.vqz")), "nothing written");
    }

    @Test
    void everySaveModeBehavesAsInSparksFileSources(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("new");
        imageRows().limit(1).write().format("vqz").save(out.toString());
        assertTrue(Files.exists(out.resolve("src.vqz")) && Files.exists(out.resolve("_SUCCESS")));

        Exception e = assertThrows(Exception.class, () -> imageRows().write().format("vqz").save(out.toString()));
        assertTrue(String.valueOf(e.getMessage()).contains("already exists"), e.toString());
        imageRows().write().format("vqz").mode("ignore").save(out.toString());
        assertEquals(List.of("src.vqz"), vqzFiles(out), "errorifexists and ignore leave it as it was");

        imageRows().write().format("vqz").mode("overwrite").save(out.toString());
        assertEquals(List.of("p6.vqz", "rle.vqz", "src.vqz"), vqzFiles(out));
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("_temporary")), "staging removed");
        }
    }

    private static List<String> vqzFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".vqz")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void writingRowsWithoutAnImageSaysWhatItNeeds(@TempDir Path dir) {
        Dataset<Row> text = spark.createDataFrame(List.of(RowFactory.create("x")),
                new StructType().add("value", DataTypes.StringType));
        Exception e = assertThrows(Exception.class,
                () -> text.write().format("vqz").mode("overwrite").save(dir.resolve("x").toString()));
        assertTrue(String.valueOf(e.getMessage()).contains("image struct"), e.toString());
    }

    @Test
    void theEffortOptionWritesTheEncodersFilesOfThatEffortAndABadOneIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        imageRows().limit(1).write().format("vqz").option("effort", 4).mode("overwrite").save(out.toString());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        VqzEncoder.builder().threads(1).effort(4).build().encode(LocalSpark.image(INPUTS.get(0)), null, expected);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out.resolve("src.vqz")));
        assertFalse(Arrays.equals(encode(LocalSpark.image(INPUTS.get(0)), 75), expected.toByteArray()),
                "effort 4 chose other codes than the default");
        Exception e = assertThrows(Exception.class, () -> imageRows().write().format("vqz").option("effort", 12)
                .mode("overwrite").save(dir.resolve("bad").toString()));
        assertTrue(String.valueOf(e.getMessage()).contains("option effort: effort must be 0..9: 12"), e.toString());
    }

    static byte[] encode(BufferedImage image, int quality) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().quality(quality).threads(1).build().encode(image, null, out);
        return out.toByteArray();
    }
}
