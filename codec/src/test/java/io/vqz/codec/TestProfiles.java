package io.vqz.codec;

import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds a small but real ICC v2 CMYK output profile (A2B0 and B2A0 lut16 tables, 2 grid points, PCS XYZ)
 * in memory, because the JDK ships no CMYK profile. The model: R = (1 − C)(1 − K) etc. as linear light.
 */
final class TestProfiles {
    private TestProfiles() {
    }

    static ICC_ColorSpace cmyk() {
        return new ICC_ColorSpace(ICC_Profile.getInstance(cmykBytes()));
    }

    static byte[] cmykBytes() {
        byte[][] tags = {desc(), xyz(0.9642, 1.0, 0.8249), text(), a2b0(), b2a0()};
        String[] sigs = {"desc", "wtpt", "cprt", "A2B0", "B2A0"};
        int offset = 128 + 4 + 12 * tags.length;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer table = ByteBuffer.allocate(4 + 12 * tags.length);
        table.putInt(tags.length);
        for (int i = 0; i < tags.length; i++) {
            table.put(sigs[i].getBytes(StandardCharsets.US_ASCII)).putInt(offset + body.size()).putInt(tags[i].length);
            body.writeBytes(tags[i]);
            while (body.size() % 4 != 0) {
                body.write(0);
            }
        }
        int size = offset + body.size();
        ByteBuffer h = ByteBuffer.allocate(128);
        h.putInt(size).putInt(0).putInt(0x02100000).put(ascii("prtr")).put(ascii("CMYK")).put(ascii("XYZ "));
        h.position(36);
        h.put(ascii("acsp"));
        h.position(64);
        h.putInt(0);
        h.putInt(s15(0.9642)).putInt(s15(1.0)).putInt(s15(0.8249));
        ByteBuffer all = ByteBuffer.allocate(size);
        all.put(h.array()).put(table.array()).put(body.toByteArray());
        return all.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int s15(double v) {
        return (int) Math.round(v * 65536);
    }

    private static byte[] desc() {
        byte[] text = ascii("VQZ test CMYK\0");
        ByteBuffer b = ByteBuffer.allocate(12 + text.length + 4 + 4 + 2 + 1 + 67);
        b.put(ascii("desc")).putInt(0).putInt(text.length).put(text);
        return b.array();
    }

    private static byte[] text() {
        byte[] t = ascii("no copyright\0");
        return ByteBuffer.allocate(8 + t.length).put(ascii("text")).putInt(0).put(t).array();
    }

    private static byte[] xyz(double x, double y, double z) {
        return ByteBuffer.allocate(20).put(ascii("XYZ ")).putInt(0).putInt(s15(x)).putInt(s15(y)).putInt(s15(z))
                .array();
    }

    /** Linear sRGB (D50-adapted) to XYZ. */
    private static double[] toXyz(double r, double g, double b) {
        return new double[] {0.4360 * r + 0.3851 * g + 0.1431 * b, 0.2225 * r + 0.7169 * g + 0.0606 * b,
                0.0139 * r + 0.0971 * g + 0.7141 * b};
    }

    private static int xyz16(double v) {
        return (int) Math.max(0, Math.min(65535, Math.round(v * 32768)));
    }

    private static byte[] a2b0() {
        int in = 4;
        int out = 3;
        int grid = 2;
        ByteBuffer b = lutHeader(in, out, grid, (int) Math.pow(grid, in) * out);
        for (int c = 0; c < grid; c++) {
            for (int m = 0; m < grid; m++) {
                for (int y = 0; y < grid; y++) {
                    for (int k = 0; k < grid; k++) {
                        double[] xyz = toXyz((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k));
                        for (double v : xyz) {
                            b.putShort((short) xyz16(v));
                        }
                    }
                }
            }
        }
        return lutTail(b, out);
    }

    private static byte[] b2a0() {
        int in = 3;
        int out = 4;
        int grid = 2;
        ByteBuffer b = lutHeader(in, out, grid, (int) Math.pow(grid, in) * out);
        for (int x = 0; x < grid; x++) {
            for (int y = 0; y < grid; y++) {
                for (int z = 0; z < grid; z++) {
                    // crude inverse, only needed so the profile is valid in both directions
                    double l = (x + y + z) / 3.0;
                    b.putShort((short) 0).putShort((short) 0).putShort((short) 0)
                            .putShort((short) Math.round((1 - l) * 65535));
                }
            }
        }
        return lutTail(b, out);
    }

    private static ByteBuffer lutHeader(int in, int out, int grid, int clutValues) {
        int size = 52 + in * 2 * 2 + clutValues * 2 + out * 2 * 2;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(ascii("mft2")).putInt(0).put((byte) in).put((byte) out).put((byte) grid).put((byte) 0);
        for (int i = 0; i < 9; i++) {
            b.putInt(i % 4 == 0 ? 65536 : 0);
        }
        b.putShort((short) 2).putShort((short) 2);
        for (int i = 0; i < in; i++) {
            b.putShort((short) 0).putShort((short) 0xffff);
        }
        return b;
    }

    private static byte[] lutTail(ByteBuffer b, int out) {
        for (int i = 0; i < out; i++) {
            b.putShort((short) 0).putShort((short) 0xffff);
        }
        return b.array();
    }
}
