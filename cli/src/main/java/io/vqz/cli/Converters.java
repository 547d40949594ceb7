package io.vqz.cli;

import java.awt.Dimension;
import java.awt.Rectangle;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the geometry options ({@code --region}, {@code --scale}, {@code --size}) and the limits'
 * counts and byte sizes ({@code --max-pixels 50m}, {@code --max-memory 512m}).
 *
 * @since 0.1
 */
final class Converters {

    private Converters() {
    }

    /** A quality 0..100, checked where the codec checks it ({@link io.vqz.codec.Quality#check}). */
    static final class QualityConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return io.vqz.codec.Quality.check(Integer.parseInt(value.strip()));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a quality in 0..100");
            }
        }
    }

    static final class EffortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return io.vqz.codec.Effort.check(Integer.parseInt(value.strip()));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an effort in " + io.vqz.codec.Effort.FASTEST
                        + ".." + io.vqz.codec.Effort.MAX);
            }
        }
    }

    /** A positive count with an optional k, m or g suffix, each a thousand times the one before. */
    static final class CountConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return size(value, 1000, "a count such as 50000000 or 50m");
        }
    }

    /** A positive number of bytes with an optional k, m or g suffix (KiB, MiB, GiB). */
    static final class ByteSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return size(value, 1024, "a size such as 536870912 or 512m");
        }
    }

    private static long size(String value, long unit, String expected) {
        try {
            long v = io.vqz.format.VqzLimits.parseSize(value, unit);
            if (v < 1) {
                throw new IllegalArgumentException("not positive");
            }
            return v;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not " + expected);
        }
    }

    /** {@code x,y,w,h} in pixels. */
    static final class RegionConverter implements ITypeConverter<Rectangle> {
        @Override
        public Rectangle convert(String value) {
            String[] p = value.split(",", -1);
            if (p.length != 4) {
                throw new TypeConversionException("'" + value + "' is not x,y,w,h");
            }
            int[] v = new int[4];
            for (int i = 0; i < 4; i++) {
                v[i] = parse(p[i].strip(), value, "x,y,w,h");
            }
            if (v[2] <= 0 || v[3] <= 0) {
                throw new TypeConversionException("'" + value + "': width and height must be positive");
            }
            return new Rectangle(v[0], v[1], v[2], v[3]);
        }
    }

    /** {@code 1/2}, {@code 1/4}, {@code 1/8} (or {@code 1}, {@code 2}, {@code 4}, {@code 8}): the divisor. */
    static final class ScaleConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.strip();
            int d = v.startsWith("1/") ? parse(v.substring(2), value, "1/2, 1/4 or 1/8") : parse(v, value, "1/2, 1/4 or 1/8");
            if (d != 1 && d != 2 && d != 4 && d != 8) {
                throw new TypeConversionException("'" + value + "' is not 1, 1/2, 1/4 or 1/8");
            }
            return d;
        }
    }

    /** {@code WxH} in pixels. */
    static final class SizeConverter implements ITypeConverter<Dimension> {
        @Override
        public Dimension convert(String value) {
            String[] p = value.toLowerCase(java.util.Locale.ROOT).split("x", -1);
            if (p.length != 2) {
                throw new TypeConversionException("'" + value + "' is not WxH");
            }
            int w = parse(p[0].strip(), value, "WxH");
            int h = parse(p[1].strip(), value, "WxH");
            if (w <= 0 || h <= 0) {
                throw new TypeConversionException("'" + value + "': width and height must be positive");
            }
            return new Dimension(w, h);
        }
    }

    private static int parse(String s, String whole, String form) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new TypeConversionException("'" + whole + "': negative numbers are not allowed");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + whole + "' is not " + form);
        }
    }
}
