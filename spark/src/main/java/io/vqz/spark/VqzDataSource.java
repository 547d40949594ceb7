package io.vqz.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The {@code vqz} data source (reads on Data Source V2, writes as a {@code CreatableRelationProvider}):
 * {@code spark.read.format("vqz").load(path)} gives one row per {@code .vqz} file,
 * {@code df.write.format("vqz").option("quality", 75).save(dir)} writes one file per row.
 * <p>
 * Rows read have the columns of {@link VqzTable#SCHEMA}: {@code image} (Spark's image struct, as its built-in
 * {@code image} source gives), {@code bpp}, {@code quality}, {@code layers}, {@code model} (the file's header) and
 * {@code error}. Read options: {@code headersOnly} ({@code true}: header fields only, {@code image.data} null, no
 * decoding), {@code mode} ({@code PERMISSIVE}, the default: a file that cannot be read gives a row whose
 * {@code error} says why; {@code DROPMALFORMED}: it gives no row; {@code FAILFAST}: the query fails, naming the
 * file), {@code recursiveFileLookup}, {@code pathGlobFilter} (default {@code *.vqz}), and {@link VqzCodecs}'
 * {@code model}, {@code modelId} and {@code threads}.
 * <p>
 * Writing takes a column {@code image} of Spark's image struct (or the struct's fields at the top level); each row
 * becomes {@code <name of its origin>.vqz} in the target directory. Options: {@code quality} (0–100, default 75),
 * {@code effort} (0–9, default 2: the encoder's effort, {@link io.vqz.codec.Effort}), {@code model}, {@code modelId},
 * {@code threads}. Every save mode: {@code errorifexists} (the default) refuses an
 * existing directory, {@code ignore} leaves it, {@code append} adds to it, {@code overwrite} replaces its {@code .vqz}
 * files; files appear only when the job commits (see {@link VqzWrite}).
 *
 * @since 0.3
 */
public final class VqzDataSource implements TableProvider, DataSourceRegister, CreatableRelationProvider {
    /** The source's short name: {@code format("vqz")}. */
    public static final String NAME = "vqz";

    @Override
    public String shortName() {
        return NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return VqzTable.SCHEMA;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new VqzTable(properties);
    }

    @Override
    public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
                                       scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
        try {
            VqzWrite.save(sqlContext.sparkSession(), mode, scala.jdk.javaapi.CollectionConverters.asJava(parameters),
                    data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BaseRelation() {
            @Override
            public SQLContext sqlContext() {
                return sqlContext;
            }

            @Override
            public StructType schema() {
                return VqzTable.SCHEMA;
            }
        };
    }
}
