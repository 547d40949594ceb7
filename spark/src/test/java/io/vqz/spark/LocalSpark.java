package io.vqz.spark;

import io.vqz.testdata.TestData;
import org.apache.spark.sql.SparkSession;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** One {@code local[2]} session for every test class of the module (starting one takes seconds). */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("vqz-spark-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    /** A test input read with ImageIO. */
    static BufferedImage image(String name) throws IOException {
        return ImageIO.read(input(name).toFile());
    }

    static Path input(String name) {
        return TestData.file("inputs/" + name);
    }
}
