package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** The codec's tar reader against Commons Compress, on the default bundle and on tars in every naming style. */
class BundleTarTest {

    private static Map<String, byte[]> reference(byte[] tar) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    m.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return m;
    }

    private static void assertSameEntries(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k), actual.get(k), k);
        }
    }

    private static byte[] tar(int longFileMode, int bigNumberMode, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
            out.setLongFileMode(longFileMode);
            out.setBigNumberMode(bigNumberMode);
            TarArchiveEntry dir = new TarArchiveEntry("models/");
            out.putArchiveEntry(dir);
            out.closeArchiveEntry();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    private static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", "{\"name\": \"x\"}".getBytes());
        files.put("a/" + "long-directory-name/".repeat(8) + "prior.bin", new byte[1000]);
        byte[] odd = new byte[513];
        Arrays.fill(odd, (byte) 7);
        files.put("ünïcode-名前.bin", odd);
        files.put("empty.bin", new byte[0]);
        return files;
    }

    @Test
    void readsTheDefaultBundleAsCommonsCompressDoes() throws IOException {
        byte[] bundle;
        try (InputStream in = ModelBundle.class.getResourceAsStream(ModelBundle.DEFAULT_RESOURCE)) {
            bundle = in.readAllBytes();
        }
        assertSameEntries(reference(bundle), BundleTar.read(new ByteArrayInputStream(bundle), 1L << 30));
    }

    @Test
    void readsPaxAndGnuLongNames() throws IOException {
        for (int mode : new int[] {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU}) {
            byte[] t = tar(mode, TarArchiveOutputStream.BIGNUMBER_POSIX, files());
            Map<String, byte[]> read = BundleTar.read(new ByteArrayInputStream(t), 1 << 20);
            assertSameEntries(reference(t), read);
            assertEquals(4, read.size());
        }
    }

    @Test
    void rejectsDamageTruncationAndOversizeWithAnIoException() throws IOException {
        byte[] t = tar(TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.BIGNUMBER_POSIX, files());
        byte[] damaged = t.clone();
        damaged[10] ^= 1;
        IOException e = assertThrows(IOException.class, () -> BundleTar.read(new ByteArrayInputStream(damaged), 1 << 20));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        for (int cut : new int[] {100, 600, t.length - 1500}) {
            byte[] truncated = Arrays.copyOf(t, cut);
            assertThrows(IOException.class, () -> BundleTar.read(new ByteArrayInputStream(truncated), 1 << 20));
        }
        e = assertThrows(IOException.class, () -> BundleTar.read(new ByteArrayInputStream(t), 1200));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }
}
