package io.vqz.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** An input stream over a seekable channel whose {@link #skip} seeks instead of reading. */
final class ChannelStream extends InputStream {
    private final SeekableByteChannel channel;

    ChannelStream(SeekableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        int n;
        do {
            n = channel.read(buf);
        } while (n == 0);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long position = channel.position();
        long target = Math.min(channel.size(), position + Math.max(0, n));
        channel.position(target);
        return target - position;
    }
}
