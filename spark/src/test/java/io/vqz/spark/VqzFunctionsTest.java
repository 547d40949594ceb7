package io.vqz.spark;

import io.vqz.codec.VqzDecoder;
import io.vqz.codec.VqzEncoder;
import io.vqz.codec.VqzScorer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** vqz_encode, vqz_decode, vqz_score and vqz_info in SQL, against the codec called directly. */
class VqzFunctionsTest {
    private static SparkSession spark;
    private static BufferedImage image;

    @BeforeAll
    static void register() throws Exception {
        spark = LocalSpark.get();
        VqzFunctions.register(spark);
        image = LocalSpark.image("src.png");
        spark.createDataFrame(List.of(RowFactory.create(ImageRows.row("src.png", image))),
                new StructType().add("image", ImageRows.IMAGE)).createOrReplaceTempView("images");
    }

    @Test
    void encodeInfoDecodeAndScoreAgreeWithTheCodec() throws Exception {
        Row r = spark.sql("SELECT vqz_encode(image, 60) AS bytes, vqz_score(image) AS score FROM images").first();
        byte[] bytes = (byte[]) r.get(0);
        BufferedImage rowImage = ImageRows.toImage(image.getWidth(), image.getHeight(), 3, ImageRows.CV_8UC3,
                ImageRows.bytes(image, 3));
        assertArrayEquals(VqzDataSourceTest.encode(rowImage, 60), bytes, "the same bytes as the encoder's");
        assertEquals(VqzScorer.create().bitsPerPixel(rowImage), r.getDouble(1), 1e-9);

        Dataset<Row> files = spark.createDataFrame(List.of(RowFactory.create((Object) bytes)),
                new StructType().add("content", "binary"));
        files.createOrReplaceTempView("files");
        Row info = spark.sql("SELECT vqz_info(content) FROM files").first().getStruct(0);
        assertEquals(image.getWidth(), info.getInt(0));
        assertEquals(image.getHeight(), info.getInt(1));
        assertEquals(3, info.getInt(2));
        assertEquals(bytes.length, info.getInt(3));
        assertEquals(60, info.getInt(5));
        assertEquals(VqzEncoder.builder().build().model().name(), info.getString(7));

        Row decoded = spark.sql("SELECT vqz_decode(content) FROM files").first().getStruct(0);
        BufferedImage expected = VqzDecoder.builder().threads(1).build().decode(new ByteArrayInputStream(bytes));
        assertArrayEquals(ImageRows.bytes(expected, 3), (byte[]) decoded.get(5));
        assertEquals(ImageRows.CV_8UC3, decoded.getInt(4));
    }

    @Test
    void nullsGiveNullAndBadBytesFailWithTheReason() {
        Row nulls = spark.sql("SELECT vqz_info(CAST(NULL AS BINARY)), vqz_decode(CAST(NULL AS BINARY))").first();
        assertTrue(nulls.isNullAt(0) && nulls.isNullAt(1));
        Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT vqz_info(X'0102030405')").collect());
        String all = String.valueOf(e) + e.getCause();
        assertTrue(all.contains("vqz_info") || all.contains("VQZ") || all.contains("magic"), all);
    }
}
