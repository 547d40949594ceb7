package io.vqz.codec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tool, not a test: mean rate and PSNR of the index choice for a grid of (λ, candidates), to tune
 * {@link Quality} on held-out training photographs (never on Kodak). The encoder network runs once per image;
 * each setting then chooses and codes the tiles and runs the decoder network.
 * <pre>
 * java -cp ... io.vqz.codec.QualityTuning --lambdas 0,0.1,0.5 --candidates 8,32 IMAGE...
 * java -cp ... io.vqz.codec.QualityTuning --qualities 0,25,50,75,90,100 IMAGE...
 * java -cp ... io.vqz.codec.QualityTuning --held-out ../shared/datasets/train
 * </pre>
 * {@code --held-out DIR} adds the PNGs of DIR that {@code training/vqz_data.py} holds out from training (the
 * first byte of the SHA-256 of the file name below 6).
 * <pre>
 * </pre>
 */
public final class QualityTuning {
    private QualityTuning() {
    }

    public static void main(String[] args) throws IOException {
        double[] lambdas = {0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3};
        int[] candidates = {4, 8, 16, 32, 64, 512};
        int[] qualities = null;
        List<File> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lambdas")) {
                String[] s = args[++i].split(",");
                lambdas = new double[s.length];
                for (int j = 0; j < s.length; j++) {
                    lambdas[j] = Double.parseDouble(s[j]);
                }
            } else if (args[i].equals("--candidates")) {
                String[] s = args[++i].split(",");
                candidates = new int[s.length];
                for (int j = 0; j < s.length; j++) {
                    candidates[j] = Integer.parseInt(s[j]);
                }
            } else if (args[i].equals("--held-out")) {
                files.addAll(heldOut(new File(args[++i])));
            } else if (args[i].equals("--qualities")) {
                String[] s = args[++i].split(",");
                qualities = new int[s.length];
                lambdas = new double[s.length];
                candidates = new int[] {0};
                for (int j = 0; j < s.length; j++) {
                    qualities[j] = Integer.parseInt(s[j]);
                    lambdas[j] = Quality.lambda(qualities[j]);
                }
            } else {
                files.add(new File(args[i]));
            }
        }
        ModelBundle bundle = ModelBundle.defaultBundle();
        double[][] bpp = new double[lambdas.length][candidates.length];
        double[][] psnr = new double[lambdas.length][candidates.length];
        for (File f : files) {
            BufferedImage img = ImageIO.read(f);
            SourceImage src = new SourceImage(img);
            int gw = (img.getWidth() + 3) / 4;
            int gh = (img.getHeight() + 3) / 4;
            NetworkTiles.Latents lat = NetworkTiles.encode(bundle, src, 0, 0, gw, gh, gw, gh);
            for (int l = 0; l < lambdas.length; l++) {
                for (int c = 0; c < candidates.length; c++) {
                    int[] grid = new int[gw * gh];
                    double bits = 0;
                    for (int ty = 0; ty < gh; ty += EncodeEngine.TILE) {
                        for (int tx = 0; tx < gw; tx += EncodeEngine.TILE) {
                            int tw = Math.min(EncodeEngine.TILE, gw - tx);
                            int th = Math.min(EncodeEngine.TILE, gh - ty);
                            TileEncoding t = qualities != null ? new TileEncoding(bundle.codebook(), qualities[l])
                                    : new TileEncoding(bundle.codebook(), lambdas[l], candidates[c]);
                            t.encode(bundle.prior(), lat, tx, ty, tw, th);
                            bits += t.bits;
                            for (int y = 0; y < th; y++) {
                                System.arraycopy(t.codes, y * tw, grid, (ty + y) * gw + tx, tw);
                            }
                        }
                    }
                    float[] rgb = NetworkTiles.decode(bundle, grid, gw, gh, 0, 0, gw, gh);
                    bpp[l][c] += bits / (img.getWidth() * (double) img.getHeight()) / files.size();
                    psnr[l][c] += psnr(img, rgb, gw * 4, gh * 4) / files.size();
                }
            }
            System.err.println(f.getName());
        }
        for (int l = 0; l < lambdas.length; l++) {
            for (int c = 0; c < candidates.length; c++) {
                String setting = qualities == null ? "" : "quality " + qualities[l] + " ";
                System.out.printf(Locale.ROOT, "%slambda %.3f candidates %d  %.4f bpp  %.3f dB%n", setting, lambdas[l],
                        qualities == null ? candidates[c] : Quality.candidates(qualities[l]), bpp[l][c], psnr[l][c]);
            }
        }
    }

    private static List<File> heldOut(File dir) throws IOException {
        String[] names = dir.list((d, n) -> n.toLowerCase(Locale.ROOT).endsWith(".png"));
        if (names == null) {
            throw new IOException("not a directory: " + dir);
        }
        java.util.Arrays.sort(names);
        List<File> out = new ArrayList<>();
        for (String n : names) {
            try {
                byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(n.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if ((h[0] & 0xFF) < 6) {
                    out.add(new File(dir, n));
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static double psnr(BufferedImage img, float[] rgb, int pw, int ph) {
        int plane = pw * ph;
        double se = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int d = ((p >> (16 - 8 * c)) & 255) - OutputImage.to8(rgb[c * plane + y * pw + x]);
                    se += d * d;
                }
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / (3.0 * img.getWidth() * img.getHeight())));
    }
}
