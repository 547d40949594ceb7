package io.vqz.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** vqz view as a person meets it: in a terminal (and in tmux), and as a window under Xvfb. */
class ViewCommandTest {
    @TempDir
    Path dir;

    private Path file() throws Exception {
        Path png = CliRun.png(dir, "v.png", 96, 64);
        Path f = dir.resolve("v.vqz");
        assertEquals(0, vqz("encode", png, "-o", f, "-q", "90", "--quiet").exit);
        return f;
    }

    @Test
    void theTerminalGetsTheDescriptionAndHalfBlocksFittedToItsSize() throws Exception {
        Path f = file();
        CliRun r = vqz("view", "--terminal", "--size", "40x12", f, dir.resolve("v.png"));
        assertEquals(0, r.exit, r::toString);
        String[] lines = r.out.split("\n");
        assertTrue(lines[0].startsWith("v.vqz — 96 x 64, ") && lines[0].contains("layers ")
                && lines[0].contains("vqz-f4-k512-l6-v22"), lines[0]);
        // 96 x 64 in 40 x 12 cells, less the description (2 rows for the .vqz, 1 for the .png) and the prompt:
        // 27 x 18 pixels in 9 rows, then 30 x 20 in 10
        List<Long> widths = new ArrayList<>();
        for (String l : lines) {
            if (l.contains("▀")) {
                widths.add(l.chars().filter(c -> c == '▀').count());
            }
        }
        List<Long> expected = new ArrayList<>(java.util.Collections.nCopies(9, 27L));
        expected.addAll(java.util.Collections.nCopies(10, 30L));
        assertEquals(expected, widths);
        assertTrue(r.out.contains("v.png — 96 x 64"), r::toString);
    }

    @Test
    void coloursAre24BitWhereTheTerminalSaysSoElseThe256Palette() {
        assertTrue(TerminalPicture.trueColour(Map.of("COLORTERM", "truecolor")));
        assertTrue(!TerminalPicture.trueColour(Map.of("TERM", "xterm-256color")));
        assertEquals("\033[38;2;10;20;30m", TerminalPicture.colour(0x0A141E, true, true));
        assertEquals(196, TerminalPicture.palette256(255, 0, 0));
        assertEquals(16, TerminalPicture.palette256(0, 0, 0));
        assertEquals(244, TerminalPicture.palette256(128, 128, 128));
        BufferedImage red = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                red.setRGB(x, y, 0xFF0000);
            }
        }
        assertEquals(("\033[38;5;196m\033[48;5;196m▀".repeat(4) + "\033[0m\n").repeat(2),
                TerminalPicture.render(red, 4, 2, false));
    }

    @Test
    void inTmuxThePaneShowsThePicture() throws Exception {
        assumeTrue(onPath("tmux"), "tmux not installed: skipped");
        Path f = file();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String session = "vqzview" + ProcessHandle.current().pid();
        String cmd = java + " -Dai.djl.offline=true -cp " + System.getProperty("java.class.path")
                + " io.vqz.cli.VqzCommand view --terminal " + f + " 2>/dev/null; sleep 60"; // (the test class path logs)
        run("tmux", "new-session", "-d", "-s", session, "-x", "60", "-y", "20", "env", "COLORTERM=truecolor", "sh",
                "-c", cmd);
        try {
            String pane = "";
            for (int i = 0; i < 120 && !pane.contains("▀"); i++) {
                Thread.sleep(500);
                pane = run("tmux", "capture-pane", "-p", "-e", "-t", session);
            }
            assertTrue(pane.contains("v.vqz — 96 x 64"), pane);
            assertTrue(pane.contains("▀") && pane.contains("38;2;"), "24-bit half blocks in the pane: " + pane);
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void underXvfbTheWindowShowsTheDecodedPicture() throws Exception {
        assumeTrue(onPath("Xvfb"), "Xvfb not installed: skipped");
        Path f = file();
        Path decoded = dir.resolve("decoded.png");
        assertEquals(0, vqz("decode", f, "-o", decoded, "--quiet").exit);
        String display = ":" + (90 + ProcessHandle.current().pid() % 9);
        Process x = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(1500);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp",
                    System.getProperty("java.class.path"), WindowShot.class.getName(), f.toString(),
                    dir.resolve("shot.png").toString(), dir.resolve("v.png").toString());
            pb.environment().put("DISPLAY", display);
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("title: v.vqz — 96 x 64") && out.contains("closed"), out);
            assertTrue(out.contains("next: v.png — 96 x 64") && out.contains("[2/2]"), "→ shows the next file: " + out);
            assertTrue(out.contains("previous: v.vqz"), "← the one before: " + out);
            BufferedImage shot = ImageIO.read(dir.resolve("shot.png").toFile());
            BufferedImage want = ImageIO.read(decoded.toFile());
            assertEquals(want.getWidth(), shot.getWidth());
            for (int y = 0; y < want.getHeight(); y++) {
                for (int xx = 0; xx < want.getWidth(); xx++) {
                    assertEquals(want.getRGB(xx, y) & 0xFFFFFF, shot.getRGB(xx, y) & 0xFFFFFF, xx + "," + y);
                }
            }
        } finally {
            x.destroy();
            x.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** In a JVM on the Xvfb display: vqz view FILE, a screenshot of the picture once decoded, then Q to close. */
    static final class WindowShot {
        public static void main(String[] args) throws Exception {
            Thread viewer = new Thread(() -> VqzCommand.commandLine(System.in, System.out, System.err)
                    .execute("view", args[0], args[2]));
            viewer.start();
            Frame frame = null;
            for (int i = 0; i < 600 && frame == null; i++) {
                Thread.sleep(100);
                for (Frame fr : Frame.getFrames()) {
                    if (fr.isShowing() && fr.getTitle().matches(".*layers (\\d+) of \\1.*")) {
                        frame = fr;
                    }
                }
            }
            if (frame == null) {
                throw new IllegalStateException("no window with every layer shown");
            }
            System.out.println("title: " + frame.getTitle());
            Thread.sleep(500);
            java.awt.Component canvas = ((javax.swing.JFrame) frame).getContentPane().getComponent(0);
            Point at = canvas.getLocationOnScreen();
            BufferedImage picture = ImageIO.read(new java.io.File(args[0].replace(".vqz", ".png")));
            int x = at.x + (canvas.getWidth() - picture.getWidth()) / 2;
            int y = at.y + (canvas.getHeight() - picture.getHeight()) / 2;
            Robot robot = new Robot();
            BufferedImage shot = robot.createScreenCapture(new Rectangle(x, y, picture.getWidth(),
                    picture.getHeight()));
            ImageIO.write(shot, "png", new java.io.File(args[1]));
            System.out.println("next: " + key(frame, canvas, java.awt.event.KeyEvent.VK_RIGHT, "v.png"));
            System.out.println("previous: " + key(frame, canvas, java.awt.event.KeyEvent.VK_LEFT, "v.vqz"));
            javax.swing.SwingUtilities.invokeAndWait(frame::dispose);
            viewer.join(10_000);
            System.out.println(viewer.isAlive() ? "still running" : "closed");
            System.exit(0);
        }
    }

    /** Presses a key in the viewer's picture and waits for a title that starts with {@code name}. */
    static String key(Frame frame, java.awt.Component canvas, int code, String name) throws Exception {
        javax.swing.SwingUtilities.invokeAndWait(() -> canvas.dispatchEvent(new java.awt.event.KeyEvent(canvas,
                java.awt.event.KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, code,
                java.awt.event.KeyEvent.CHAR_UNDEFINED)));
        for (int i = 0; i < 300 && !frame.getTitle().startsWith(name); i++) {
            Thread.sleep(100);
        }
        return frame.getTitle();
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
