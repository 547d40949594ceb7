package io.vqz.imageio;

import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over an {@link ImageInputStream} of known length, so the container's
 * random-access reader ({@code VqzReader.readIndex}) can read the header, metadata and tile table of a file
 * through ImageIO without reading its tile data. Positions are the stream's own. Not thread-safe, like the
 * stream; closing it leaves the stream open.
 */
final class ImageInputChannel implements SeekableByteChannel {
    private final ImageInputStream in;
    private final long length;

    /** @param length the stream's length, as {@link ImageInputStream#length()} gives it (not -1) */
    ImageInputChannel(ImageInputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        if (n == 0) {
            return 0;
        }
        byte[] buf = dst.hasArray() ? dst.array() : new byte[n];
        int off = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
        int got = in.read(buf, off, n);
        if (got > 0) {
            if (dst.hasArray()) {
                dst.position(dst.position() + got);
            } else {
                dst.put(buf, 0, got);
            }
        }
        return got;
    }

    @Override
    public long position() throws IOException {
        return in.getStreamPosition();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        in.seek(newPosition);
        return this;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // the stream belongs to the reader's caller
    }
}
