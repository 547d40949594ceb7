package io.vqz.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.tukaani.xz.ARM64Options;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZInputStream;

class NativePackerTest {

    @Test
    void everyPackedLibraryUnpacksToItsRecordedSizeAndDigest() throws Exception {
        // a machine unpacks only its own platform's libraries: the other instruction sets' filters are checked here
        Properties index = new Properties();
        try (InputStream in = NativePackerTest.class.getResourceAsStream("/" + NativePacker.TARGET + NativePacker.INDEX)) {
            assertNotNull(in, "no packed libraries on the class path (the build's process-classes step)");
            index.load(in);
        }
        assertTrue(index.stringPropertyNames().containsAll(java.util.List.of("linux-x64/libonnxruntime.so",
                "linux-aarch64/libonnxruntime.so", "osx-aarch64/libonnxruntime.dylib", "win-x64/onnxruntime.dll")),
                index.stringPropertyNames().toString());
        for (String library : index.stringPropertyNames()) {
            String[] sizeAndSha = index.getProperty(library).split(" ");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream packed = NativePackerTest.class.getResourceAsStream("/" + NativePacker.TARGET + library
                    + ".xz"); InputStream in = new DigestInputStream(new XZInputStream(new BufferedInputStream(packed,
                    1 << 16)), sha)) {
                size = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertEquals(Long.parseLong(sizeAndSha[0]), size, library);
            assertEquals(sizeAndSha[1], HexFormat.of().formatHex(sha.digest()), library);
        }
    }

    @Test
    void eachInstructionSetGetsItsBranchFilter() throws Exception {
        assertTrue(NativePacker.filters(NativePacker.PREFIX + "linux-x64/libonnxruntime.so")[0] instanceof X86Options);
        assertTrue(NativePacker.filters(NativePacker.PREFIX + "win-x64/onnxruntime.dll")[0] instanceof X86Options);
        assertTrue(NativePacker.filters(NativePacker.PREFIX + "osx-aarch64/x.dylib")[0] instanceof ARM64Options);
        assertTrue(NativePacker.filters(NativePacker.PREFIX + "linux-ppc64le/x.so")[0] instanceof LZMA2Options);
    }
}
