package io.vqz.format;

import java.util.Arrays;

/**
 * Metadata carried through a {@code .vqz} file unchanged: an ICC profile ({@code iccp} chunk), EXIF
 * ({@code exif}) and XMP ({@code xmpd}). Each is a byte array or {@code null} when absent. The bytes are
 * stored exactly as given: the ICC profile uncompressed, EXIF as a TIFF structure starting with
 * {@code "II*\0"} or {@code "MM\0*"} (no {@code "Exif\0\0"} prefix), XMP as a UTF-8 XML packet.
 * This class does not parse them.
 * <p>
 * Immutable and thread-safe: arrays are copied in and out.
 *
 * @since 0.1
 */
public final class VqzMetadata {

    /** No metadata. */
    public static final VqzMetadata EMPTY = new VqzMetadata(null, null, null);

    private final byte[] icc;
    private final byte[] exif;
    private final byte[] xmp;

    private VqzMetadata(byte[] icc, byte[] exif, byte[] xmp) {
        this.icc = icc;
        this.exif = exif;
        this.xmp = xmp;
    }

    /** Metadata from the three byte arrays (copied); each may be {@code null}, an empty array is kept. */
    public static VqzMetadata of(byte[] icc, byte[] exif, byte[] xmp) {
        if (icc == null && exif == null && xmp == null) {
            return EMPTY;
        }
        return new VqzMetadata(copy(icc), copy(exif), copy(xmp));
    }

    /** A copy of this metadata with the ICC profile replaced ({@code null} removes it). */
    public VqzMetadata withIcc(byte[] icc) {
        return of(icc, exif, xmp);
    }

    /** A copy of this metadata with the EXIF replaced ({@code null} removes it). */
    public VqzMetadata withExif(byte[] exif) {
        return of(icc, exif, xmp);
    }

    /** A copy of this metadata with the XMP replaced ({@code null} removes it). */
    public VqzMetadata withXmp(byte[] xmp) {
        return of(icc, exif, xmp);
    }

    /** The ICC profile (a new copy) or {@code null}. */
    public byte[] icc() {
        return copy(icc);
    }

    /** The EXIF TIFF structure (a new copy) or {@code null}. */
    public byte[] exif() {
        return copy(exif);
    }

    /** The XMP packet in UTF-8 (a new copy) or {@code null}. */
    public byte[] xmp() {
        return copy(xmp);
    }

    /** Whether none of the three is present. */
    public boolean isEmpty() {
        return icc == null && exif == null && xmp == null;
    }

    /** Metadata from arrays the caller gives up (the reader), without copying. */
    static VqzMetadata wrap(byte[] icc, byte[] exif, byte[] xmp) {
        return icc == null && exif == null && xmp == null ? EMPTY : new VqzMetadata(icc, exif, xmp);
    }

    // Package-private access without copying, for the writer.
    byte[] iccRaw() {
        return icc;
    }

    byte[] exifRaw() {
        return exif;
    }

    byte[] xmpRaw() {
        return xmp;
    }

    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VqzMetadata && Arrays.equals(icc, ((VqzMetadata) o).icc)
                && Arrays.equals(exif, ((VqzMetadata) o).exif) && Arrays.equals(xmp, ((VqzMetadata) o).xmp);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(icc) * 31 + Arrays.hashCode(exif)) * 31 + Arrays.hashCode(xmp);
    }

    @Override
    public String toString() {
        return "VqzMetadata[icc=" + length(icc) + ", exif=" + length(exif) + ", xmp=" + length(xmp) + "]";
    }

    private static String length(byte[] bytes) {
        return bytes == null ? "none" : bytes.length + " bytes";
    }
}
