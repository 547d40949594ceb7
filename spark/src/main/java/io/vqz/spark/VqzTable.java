package io.vqz.spark;

import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A directory (or glob, or list) of {@code .vqz} files, as {@link VqzDataSource} reads it. It has no V2 batch
 * write, so Spark writes through the source's {@code CreatableRelationProvider} ({@link VqzWrite}), which honours
 * every save mode.
 */
final class VqzTable implements SupportsRead {
    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("image", ImageRows.IMAGE, true),
        DataTypes.createStructField("bpp", DataTypes.DoubleType, true),
        DataTypes.createStructField("quality", DataTypes.IntegerType, true),
        DataTypes.createStructField("layers", DataTypes.IntegerType, true),
        DataTypes.createStructField("model", DataTypes.StringType, true),
        DataTypes.createStructField("error", DataTypes.StringType, true)});

    private final Map<String, String> properties;

    VqzTable(Map<String, String> properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return "vqz " + properties.getOrDefault("path", properties.getOrDefault("paths", ""));
    }

    @Override
    public Column[] columns() {
        return Arrays.stream(SCHEMA.fields()).map(f -> Column.create(f.name(), f.dataType(), f.nullable()))
                .toArray(Column[]::new);
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return new VqzScan(options);
    }
}
