package io.vqz.cli;

import io.vqz.codec.VqzDecoder;
import io.vqz.format.VqzFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code vqz view}: a window that shows {@code .vqz} files as they decode, base layer first, and any image ImageIO
 * reads beside them; without a display (headless, over ssh, or {@code --terminal}) the pictures drawn in the
 * terminal with coloured half blocks.
 *
 * @since 0.8
 */
@Command(name = "view", sortOptions = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true, versionProvider = VqzVersion.class,
        parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
        description = {"Show images: a window that paints each .vqz file as soon as its base layer is decoded and "
                + "refines it layer by layer, with fit-to-window (F) and 1:1 (1, drag to pan), next (→, Space) and "
                + "previous (←) through the files and directories given (.vqz and whatever ImageIO reads, to "
                + "compare); the title gives name, dimensions, bpp, quality, layers shown of layers present and "
                + "model; closing the window (Q, Esc) ends the command.",
                "Without a display, or with --terminal, the pictures are drawn in the terminal with 24-bit colour "
                        + "half blocks fitted to its size (256 colours unless COLORTERM says truecolor or 24bit)."})
final class ViewCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images or directories.")
    List<Path> inputs;

    @Option(names = "--layers", paramLabel = "N", description = "Show only the first N layers of layered files.")
    int layers;

    @Option(names = "--terminal", description = "Draw in the terminal even where a window could open.")
    boolean terminal;

    @Option(names = "--size", paramLabel = "COLSxROWS", description = "The terminal's size in characters (default: "
            + "COLUMNS and LINES, else what the terminal says, else 80x24).")
    String size;

    @Override
    public Integer call() throws Exception {
        if (layers < 0) {
            throw usage("Invalid value for option '--layers': " + layers + " (must be at least 1)");
        }
        List<String> suffixes = new ArrayList<>(ImageFiles.readableSuffixes());
        suffixes.add(VqzFormat.SUFFIX);
        List<Path> files = Batch.expand(inputs, p -> Batch.hasSuffix(p, suffixes));
        VqzDecoder decoder = VqzDecoder.builder().build();
        if (!terminal && !GraphicsEnvironment.isHeadless()) {
            ViewerWindow.show(files, decoder, layers);
            return 0;
        }
        int[] cells = terminalSize();
        boolean trueColour = TerminalPicture.trueColour(System.getenv());
        int failed = 0;
        for (Path f : files) {
            try {
                ViewedImage image = ViewedImage.open(f, layers);
                image.decode(decoder, shown -> { }, () -> false);
                String line = image.describe();
                out().println(line);
                // the rows left under the description (as it wraps) and above the prompt
                int rows = cells[1] - (line.length() + cells[0] - 1) / cells[0] - 1;
                out().print(TerminalPicture.render(image.picture, cells[0], Math.max(1, rows), trueColour));
                out().flush();
            } catch (Exception e) {
                failed++;
                err().println("vqz: " + f + ": " + Failures.problem(e));
                err().flush();
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** {columns, rows}: --size, else COLUMNS and LINES, else {@code stty size} on the terminal, else 80 x 24. */
    private int[] terminalSize() {
        String text = size;
        if (text == null && System.getenv("COLUMNS") != null && System.getenv("LINES") != null) {
            text = System.getenv("COLUMNS") + "x" + System.getenv("LINES");
        }
        if (text == null) {
            text = stty();
        }
        if (text != null) {
            String[] p = text.trim().split("[x ]");
            try {
                return new int[] {Math.max(2, Integer.parseInt(p[0])), Math.max(2, Integer.parseInt(p[1]))};
            } catch (RuntimeException e) {
                if (size != null) {
                    throw usage("Invalid value for option '--size': '" + size + "' (COLSxROWS, e.g. 120x40)");
                }
            }
        }
        return new int[] {80, 24};
    }

    /** "COLS ROWS" from {@code stty size} on /dev/tty, or null. */
    private static String stty() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            String[] rc = out.split("\\s+"); // stty prints ROWS COLS
            return rc.length == 2 ? rc[1] + "x" + rc[0] : null;
        } catch (Exception e) {
            return null;
        }
    }
}
