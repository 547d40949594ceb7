package io.vqz.cli;

import io.vqz.codec.VqzDecoder;

import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code vqz view}'s window: one file at a time, shown as soon as its base layer is decoded and refined layer by
 * layer; fit to the window (large pictures shrink, small ones stay 1:1) or 1:1 with the mouse to pan; next and
 * previous through the files. Keys: → Space PgDn next, ← Backspace PgUp previous, F fit, 1 one to one, Q Esc close.
 * Decoding runs on a thread of its own, painting on the event thread; moving on aborts the decode under way.
 */
final class ViewerWindow {
    private final List<Path> files;
    private final VqzDecoder decoder;
    private final int layers;
    private final JFrame frame = new JFrame("vqz view");
    private final Canvas canvas = new Canvas();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vqz-view");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private int index;
    private volatile ViewedImage current;
    private volatile String status = "";
    private Future<?> loading;
    private AtomicBoolean abort = new AtomicBoolean();
    private boolean fit = true;
    private int panX;
    private int panY;

    private ViewerWindow(List<Path> files, VqzDecoder decoder, int layers) {
        this.files = files;
        this.decoder = decoder;
        this.layers = layers;
    }

    /** Shows the files and returns when the window is closed. */
    static void show(List<Path> files, VqzDecoder decoder, int layers) throws InterruptedException {
        ViewerWindow w = new ViewerWindow(files, decoder, layers);
        SwingUtilities.invokeLater(w::open);
        w.closed.await();
    }

    private void open() {
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                abort.set(true);
                loader.shutdownNow();
                closed.countDown();
            }
        });
        canvas.setPreferredSize(new Dimension(1024, 768));
        canvas.setBackground(Color.DARK_GRAY);
        canvas.setFocusable(true);
        canvas.addKeyListener(new Keys());
        Mouse mouse = new Mouse();
        canvas.addMouseListener(mouse);
        canvas.addMouseMotionListener(mouse);
        frame.add(canvas);
        frame.pack();
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        canvas.requestFocusInWindow();
        load(0);
    }

    private void load(int i) {
        index = Math.floorMod(i, files.size());
        abort.set(true);
        if (loading != null) {
            loading.cancel(true);
        }
        AtomicBoolean stop = new AtomicBoolean();
        abort = stop;
        Path file = files.get(index);
        panX = 0;
        panY = 0;
        loading = loader.submit(() -> {
            try {
                ViewedImage image = ViewedImage.open(file, layers);
                if (stop.get()) {
                    return;
                }
                current = image;
                status = "";
                image.decode(decoder, shown -> SwingUtilities.invokeLater(this::refresh), stop::get);
            } catch (IOException | RuntimeException e) {
                if (!stop.get()) {
                    current = null;
                    status = file.getFileName() + ": " + Failures.problem(e);
                    SwingUtilities.invokeLater(this::refresh);
                }
            }
        });
        refresh();
    }

    private void refresh() {
        ViewedImage c = current;
        String n = files.size() > 1 ? " [" + (index + 1) + "/" + files.size() + "]" : "";
        frame.setTitle((c != null && status.isEmpty() ? c.describe() : status.isEmpty() ? "vqz view" : status) + n);
        canvas.repaint();
    }

    private final class Canvas extends JComponent {
        @Override
        protected void paintComponent(Graphics g0) {
            Graphics2D g = (Graphics2D) g0;
            g.setColor(getBackground());
            g.fillRect(0, 0, getWidth(), getHeight());
            ViewedImage c = current;
            if (c == null) {
                g.setColor(Color.LIGHT_GRAY);
                g.drawString(status.isEmpty() ? "loading " + files.get(index).getFileName() : status, 12, 24);
                return;
            }
            BufferedImage p = c.picture;
            double s = fit ? Math.min(1.0, Math.min((double) getWidth() / p.getWidth(),
                    (double) getHeight() / p.getHeight())) : 1.0;
            int w = (int) Math.round(p.getWidth() * s);
            int h = (int) Math.round(p.getHeight() * s);
            int x = w <= getWidth() ? (getWidth() - w) / 2 : Math.max(getWidth() - w, Math.min(0, panX));
            int y = h <= getHeight() ? (getHeight() - h) / 2 : Math.max(getHeight() - h, Math.min(0, panY));
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, s == 1.0
                    ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(p, x, y, w, h, null);
        }
    }

    private final class Keys extends KeyAdapter {
        @Override
        public void keyPressed(KeyEvent e) {
            switch (e.getKeyCode()) {
                case KeyEvent.VK_RIGHT, KeyEvent.VK_SPACE, KeyEvent.VK_PAGE_DOWN, KeyEvent.VK_N -> load(index + 1);
                case KeyEvent.VK_LEFT, KeyEvent.VK_BACK_SPACE, KeyEvent.VK_PAGE_UP, KeyEvent.VK_P -> load(index - 1);
                case KeyEvent.VK_F -> {
                    fit = true;
                    canvas.repaint();
                }
                case KeyEvent.VK_1 -> {
                    fit = false;
                    canvas.repaint();
                }
                case KeyEvent.VK_Q, KeyEvent.VK_ESCAPE -> frame.dispose();
                default -> {
                }
            }
        }
    }

    private final class Mouse extends MouseAdapter {
        private int fromX;
        private int fromY;

        @Override
        public void mousePressed(MouseEvent e) {
            fromX = e.getX() - panX;
            fromY = e.getY() - panY;
        }

        @Override
        public void mouseDragged(MouseEvent e) {
            ViewedImage c = current;
            if (c == null || fit) {
                return;
            }
            panX = Math.max(canvas.getWidth() - c.picture.getWidth(), Math.min(0, e.getX() - fromX));
            panY = Math.max(canvas.getHeight() - c.picture.getHeight(), Math.min(0, e.getY() - fromY));
            canvas.repaint();
        }
    }
}
