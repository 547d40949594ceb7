package io.vqz.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import com.google.gson.GsonBuilder;

import io.vqz.codec.ModelRegistry;
import io.vqz.format.ChunkInfo;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzFormat;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzMetadata;
import io.vqz.format.VqzReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vqz info}: what a {@code .vqz} file holds, without decoding the image.
 *
 * @since 0.1
 */
@Command(name = "info", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Show the header, model, dimensions, tiles, metadata, chunk list and bits per pixel "
                + "of .vqz files (directories: their *.vqz files). Reads and checks the whole container, "
                + "but does not decode the image."})
final class InfoCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input .vqz file(s), directories, or '-' for stdin.")
    List<Path> inputs;

    @Option(names = "--json", description = "Print JSON: one object, or an array for several files.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Path> files = Batch.expand(inputs, p -> Batch.hasSuffix(p, List.of(VqzFormat.SUFFIX)));
        ModelRegistry registry = null;
        List<Map<String, Object>> infos = new ArrayList<>();
        int failed = 0;
        for (Path f : files) {
            try {
                if (registry == null) {
                    registry = ModelRegistry.standard();
                }
                Map<String, Object> info;
                try (InputStream in = open(f)) {
                    info = describe(f.toString(), in, registry);
                }
                if (json) {
                    infos.add(info);
                } else {
                    if (files.size() > 1 && f != files.get(0)) {
                        out().println();
                    }
                    printText(info);
                }
            } catch (Exception e) {
                failed++;
                Failures.report(err(), f.toString(), e, debug());
            }
        }
        if (json && !infos.isEmpty()) {
            Object doc = files.size() == 1 && !Batch.isBatch(inputs) ? infos.get(0) : infos;
            out().println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(doc));
        }
        out().flush();
        return failed == 0 ? 0 : VqzCommand.EXIT_FAILURE;
    }

    static Map<String, Object> describe(String name, InputStream raw, ModelRegistry registry) throws Exception {
        long[] count = new long[1];
        InputStream counting = new FilterInputStream(raw) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                count[0] += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                count[0] += Math.max(0, n);
                return n;
            }
        };
        InputStream in = new BufferedInputStream(counting, 1 << 16);
        VqzContainer c = VqzReader.read(in, VqzLimits.DEFAULT);
        in.transferTo(OutputStream.nullOutputStream()); // the size counts any bytes after the end chunk too
        long size = count[0];
        VqzHeader h = c.header();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", name);
        m.put("bytes", size);
        double pixels = (double) h.width() * h.height();
        m.put("bitsPerPixel", Math.round(size * 8 / pixels * 1e4) / 1e4);
        m.put("width", h.width());
        m.put("height", h.height());
        m.put("colourLayout", h.colourLayout().name());
        m.put("alpha", c.alpha() != null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", h.modelName());
        model.put("id", h.model().hex());
        // only the manifest of a shipped model is read: info does not pay for loading its networks
        OptionalInt sent;
        boolean available;
        try {
            sent = registry.layersAtQuality(h.model(), h.quality());
            available = registry.contains(h.model());
        } catch (RuntimeException e) {
            sent = OptionalInt.empty();
            available = false;
        }
        model.put("available", available);
        m.put("model", model);
        m.put("quality", h.quality());
        if (sent.isPresent()) {
            // the quality is the encode's: a trimmed file holds fewer layers than an encode at it sends
            m.put("layersAtQuality", sent.getAsInt());
        }
        m.put("formatVersion", h.formatVersion());
        List<Integer> layerBytes = new ArrayList<>();
        for (int l = 0; l < h.layers(); l++) {
            layerBytes.add(c.tileDataLength(l));
        }
        m.put("layers", h.layers());
        m.put("layerBytes", layerBytes);
        // the first layerEnds[k] bytes of the file hold layers 0..k: a prefix a range request can fetch
        m.put("layerEnds", c.chunks().stream().filter(ci -> ci.type().equals("TDAT"))
                .map(ci -> ci.offset() + ci.totalLength()).collect(java.util.stream.Collectors.toList()));
        m.put("downsampling", h.downsampling());
        m.put("gridWidth", h.gridWidth());
        m.put("gridHeight", h.gridHeight());
        m.put("codebookSize", h.codebookSize());
        m.put("cdfPrecisionBits", h.cdfPrecisionBits());
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("width", h.tileWidth());
        tiles.put("height", h.tileHeight());
        tiles.put("across", h.tilesAcross());
        tiles.put("down", h.tilesDown());
        tiles.put("count", h.tileCount());
        m.put("tiles", tiles);
        VqzMetadata md = c.metadata();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("icc", md == null || md.icc() == null ? 0 : md.icc().length);
        meta.put("exif", md == null || md.exif() == null ? 0 : md.exif().length);
        meta.put("xmp", md == null || md.xmp() == null ? 0 : md.xmp().length);
        m.put("metadataBytes", meta);
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (ChunkInfo ci : c.chunks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("type", ci.type());
            cm.put("offset", ci.offset());
            cm.put("length", ci.length());
            chunks.add(cm);
        }
        m.put("chunks", chunks);
        return m;
    }

    @SuppressWarnings("unchecked")
    private void printText(Map<String, Object> m) {
        Map<String, Object> model = (Map<String, Object>) m.get("model");
        Map<String, Object> t = (Map<String, Object>) m.get("tiles");
        Map<String, Object> md = (Map<String, Object>) m.get("metadataBytes");
        var o = out();
        o.printf(Locale.ROOT, "File:        %s%n", m.get("file"));
        o.printf(Locale.ROOT, "Size:        %d bytes (%.4f bpp)%n", m.get("bytes"), m.get("bitsPerPixel"));
        o.printf(Locale.ROOT, "Dimensions:  %d x %d, %s%n", m.get("width"), m.get("height"), m.get("colourLayout"));
        o.printf(Locale.ROOT, "Model:       %s, id %s (%s)%n", model.get("name"), model.get("id"),
                Boolean.TRUE.equals(model.get("available")) ? "available" : "not installed");
        Object sent = m.get("layersAtQuality");
        String trimmed = sent == null || sent.equals(m.get("layers")) ? ""
                : " (an encode at this quality sends " + sent + " layers; this file holds " + m.get("layers") + ")";
        o.printf(Locale.ROOT, "Quality:     %d%s%n", m.get("quality"), trimmed);
        List<Object> layerBytes = (List<Object>) m.get("layerBytes");
        o.printf(Locale.ROOT, "Layers:      %d (format version %d), tile data %s bytes%n", m.get("layers"),
                m.get("formatVersion"), layerBytes.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(" + ")));
        o.printf(Locale.ROOT, "Layer ends:  %s (a prefix of that many bytes decodes with --partial)%n",
                ((List<Object>) m.get("layerEnds")).stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")));
        o.printf(Locale.ROOT, "Code grid:   %d x %d (f = %d), codebook %d, CDF precision %d bits%n",
                m.get("gridWidth"), m.get("gridHeight"), m.get("downsampling"), m.get("codebookSize"),
                m.get("cdfPrecisionBits"));
        o.printf(Locale.ROOT, "Tiles:       %d x %d = %d, each %d x %d codes%n", t.get("across"), t.get("down"),
                t.get("count"), t.get("width"), t.get("height"));
        o.printf(Locale.ROOT, "Metadata:    ICC %s, EXIF %s, XMP %s%n", bytes(md.get("icc")), bytes(md.get("exif")),
                bytes(md.get("xmp")));
        o.printf(Locale.ROOT, "Chunks:%n");
        for (Object co : (List<Object>) m.get("chunks")) {
            Map<String, Object> c = (Map<String, Object>) co;
            o.printf(Locale.ROOT, "  %s  offset %10d  length %10d%n", c.get("type"), c.get("offset"), c.get("length"));
        }
    }

    private static String bytes(Object n) {
        return ((Number) n).longValue() == 0 ? "none" : n + " bytes";
    }
}
