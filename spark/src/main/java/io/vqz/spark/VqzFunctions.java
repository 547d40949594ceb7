package io.vqz.spark;

import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The SQL functions, registered on a session with one call:
 * <ul>
 * <li>{@code vqz_encode(image, quality)}: Spark's image struct to {@code .vqz} bytes;</li>
 * <li>{@code vqz_decode(bytes)}: {@code .vqz} bytes to the image struct ({@code origin} null);</li>
 * <li>{@code vqz_score(image)}: bits per pixel of the image under the model's prior (a measure of how typical the
 * image is for the model: high for noise, text, out-of-distribution content);</li>
 * <li>{@code vqz_info(bytes)}: the header as a struct ({@link #INFO}), without decoding.</li>
 * </ul>
 * A null argument gives null; bytes that are not a valid file, or an image struct of another pixel layout, fail
 * the query with a message that says why. Models: {@link VqzCodecs}' options, loaded once per executor.
 * <p>
 * {@code VqzFunctions.register(spark)}, then {@code spark.sql("SELECT vqz_info(content) FROM files")}.
 *
 * @since 0.3
 */
public final class VqzFunctions {
    /** What {@code vqz_info} returns. */
    public static final StructType INFO = new StructType(new StructField[] {
        DataTypes.createStructField("width", DataTypes.IntegerType, false),
        DataTypes.createStructField("height", DataTypes.IntegerType, false),
        DataTypes.createStructField("nChannels", DataTypes.IntegerType, false),
        DataTypes.createStructField("bytes", DataTypes.IntegerType, false),
        DataTypes.createStructField("bpp", DataTypes.DoubleType, false),
        DataTypes.createStructField("quality", DataTypes.IntegerType, false),
        DataTypes.createStructField("layers", DataTypes.IntegerType, false),
        DataTypes.createStructField("model", DataTypes.StringType, false),
        DataTypes.createStructField("modelId", DataTypes.StringType, false),
        DataTypes.createStructField("formatVersion", DataTypes.IntegerType, false)});

    private VqzFunctions() {
    }

    /** Registers the functions with the default model, one codec thread per task. */
    public static void register(SparkSession spark) {
        register(spark, Map.of());
    }

    /**
     * Registers the functions.
     *
     * @param options {@code model}, {@code modelId}, {@code threads} (see {@link VqzDataSource})
     */
    public static void register(SparkSession spark, Map<String, String> options) {
        VqzCodecs codecs = VqzCodecs.from(options);
        spark.udf().register("vqz_encode", (UDF2<Row, Integer, byte[]>) (image, quality) -> {
            if (image == null || quality == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            codecs.encoder(quality).encode(ImageRows.toImage(image), null, out);
            return out.toByteArray();
        }, DataTypes.BinaryType);
        spark.udf().register("vqz_decode", (UDF1<byte[], Row>) bytes -> bytes == null ? null
                : ImageRows.row(null, codecs.decoder().decode(new ByteArrayInputStream(bytes))), ImageRows.IMAGE);
        spark.udf().register("vqz_score", (UDF1<Row, Double>) image -> image == null ? null
                : codecs.scorer().bitsPerPixel(ImageRows.toImage(image)), DataTypes.DoubleType);
        spark.udf().register("vqz_info", (UDF1<byte[], Row>) VqzFunctions::info, INFO);
    }

    private static Row info(byte[] bytes) throws IOException {
        if (bytes == null) {
            return null;
        }
        VqzHeader h = VqzReader.readHeader(new ByteArrayInputStream(bytes), VqzLimits.DEFAULT);
        return RowFactory.create(h.width(), h.height(), ImageRows.channels(h.colourLayout()), bytes.length,
                bytes.length * 8.0 / ((double) h.width() * h.height()), h.quality(), h.layers(), h.modelName(),
                h.modelIdHex(), h.formatVersion());
    }
}
