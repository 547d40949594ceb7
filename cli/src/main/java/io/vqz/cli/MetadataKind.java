package io.vqz.cli;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The values of {@code encode --metadata}: which metadata of the input is copied into the {@code .vqz} file.
 *
 * @since 0.1
 */
enum MetadataKind {
    ALL, NONE, ICC, EXIF, XMP;

    /** The kinds selected by a list of values: {@code none} wins, {@code all} means ICC, EXIF and XMP. */
    static Set<MetadataKind> select(Collection<MetadataKind> values) {
        if (values == null || values.isEmpty() || values.contains(ALL)) {
            return values != null && values.contains(NONE) ? EnumSet.noneOf(MetadataKind.class)
                    : EnumSet.of(ICC, EXIF, XMP);
        }
        if (values.contains(NONE)) {
            return EnumSet.noneOf(MetadataKind.class);
        }
        return EnumSet.copyOf(values);
    }
}
