package io.vqz.imageio;

import com.twelvemonkeys.imageio.ImageReaderBase;
import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import com.twelvemonkeys.imageio.util.IIOUtil;
import io.vqz.codec.DecodeOptions;
import io.vqz.codec.SampleSink;
import io.vqz.codec.DecodedImage;
import io.vqz.codec.VqzDecoder;
import io.vqz.format.ChunkInfo;
import io.vqz.format.ColourLayout;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import io.vqz.format.VqzLimitException;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzMetadata;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzTileIndex;
import io.vqz.format.VqzTiles;

import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * Reads {@code .vqz} images through ImageIO.
 * <p>
 * Width, height, image types and metadata come from the header, metadata and tile table only (a stream of
 * unknown length is read whole): the tile data is neither read nor decoded. {@link #read}
 * decodes only the code tiles that the source region needs (the codec's region decode), straight into the
 * destination (the caller's, when the param gives one): subsampling, source and destination bands and the
 * destination offset are applied as each block of samples arrives, so no second image of the region is built. The reader reports
 * progress (to listeners on the reading thread only), honours {@link #abort()} (also in the middle of decoding), reports a damaged embedded ICC profile as a
 * warning, and reads streams whose length is unknown. An embedded ICC profile becomes the colour space of the
 * returned image.
 * <p>
 * Errors: {@link io.vqz.format.VqzFormatException} (an {@code IOException}) for malformed input,
 * {@link io.vqz.format.VqzLimitException} (a subclass) before any allocation when the image would not fit the
 * memory the JVM can still give, {@link io.vqz.codec.MissingModelException} when the model that coded the
 * file is not installed.
 * <p>
 * Not thread-safe, like every {@code ImageReader}: use one instance per thread.
 */
final class VqzImageReader extends ImageReaderBase {
    /** Thumbnails are the base layer's preview at this reduction. */
    private static final int THUMBNAIL_SCALE = 8;

    private long streamStart = -1;
    private VqzHeader header;
    private VqzContainer container;
    private long containerBytes;
    /** Header and metadata, read without the tile data where the stream knows its length. */
    private VqzMetadata fileMetadata;
    private boolean described;
    /** Where the stream knows its length: the file's tile index, and the channel its tiles are read through. */
    private VqzTileIndex index;
    private ImageInputChannel channel;
    private List<ImageTypeSpecifier> types;
    private VqzImageMetadata metadata;
    private float reportedProgress;

    VqzImageReader(ImageReaderSpi provider) {
        super(provider);
    }

    @Override
    protected void resetMembers() {
        streamStart = -1;
        header = null;
        container = null;
        containerBytes = 0;
        fileMetadata = null;
        described = false;
        index = null;
        channel = null;
        types = null;
        metadata = null;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().width();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().height();
    }

    @Override
    public ImageTypeSpecifier getRawImageType(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return types().get(0);
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return types().iterator();
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        if (metadata == null) {
            describe();
            VqzHeader h = header();
            VqzImageMetadata.Coding coding = VqzImageMetadata.Coding.of(h);
            coding.bitsPerPixel = containerBytes * 8.0 / ((double) h.width() * h.height());
            VqzMetadata m = fileMetadata;
            metadata = new VqzImageMetadata(types().get(0), coding,
                    m != null ? m.icc() : null, m != null ? m.exif() : null, m != null ? m.xmp() : null);
        }
        return metadata;
    }

    @Override
    public boolean readerSupportsThumbnails() {
        return true;
    }

    /**
     * One thumbnail for a file of several code layers: the base layer alone at 1/8 of the size, which costs a
     * fraction of a full decode (one layer of entropy decoding instead of all). Single-layer files have none.
     * Subsampled reads do not use it: ImageIO's subsampling picks pixels of the full image, and the base layer alone
     * is measurably not that image (about 31 dB from it on kodim23 with a 5-layer model, where the full decode is
     * 38 dB from the original).
     */
    @Override
    public int getNumThumbnails(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return header().layers() > 1 ? 1 : 0;
    }

    @Override
    public int getThumbnailWidth(int imageIndex, int thumbnailIndex) throws IOException {
        checkThumbnail(imageIndex, thumbnailIndex);
        return (header().width() + THUMBNAIL_SCALE - 1) / THUMBNAIL_SCALE;
    }

    @Override
    public int getThumbnailHeight(int imageIndex, int thumbnailIndex) throws IOException {
        checkThumbnail(imageIndex, thumbnailIndex);
        return (header().height() + THUMBNAIL_SCALE - 1) / THUMBNAIL_SCALE;
    }

    @Override
    public BufferedImage readThumbnail(int imageIndex, int thumbnailIndex) throws IOException {
        checkThumbnail(imageIndex, thumbnailIndex);
        VqzTiles c = tiles();
        processThumbnailStarted(imageIndex, thumbnailIndex);
        try {
            BufferedImage image = VqzCodecs.decoder(VqzCodecs.limits(null)).decode(c, DecodeOptions.builder().scale(THUMBNAIL_SCALE)
                    .layers(1).build()).image();
            processThumbnailProgress(100f);
            processThumbnailComplete();
            return image;
        } finally {
            imageInput.seek(streamStart); // the decoder read tiles from the stream
        }
    }

    private void checkThumbnail(int imageIndex, int thumbnailIndex) throws IOException {
        if (thumbnailIndex < 0 || thumbnailIndex >= getNumThumbnails(imageIndex)) {
            throw new IndexOutOfBoundsException("thumbnail " + thumbnailIndex + " of "
                    + getNumThumbnails(imageIndex));
        }
    }

    @Override
    public ImageReadParam getDefaultReadParam() {
        return new VqzImageReadParam();
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        checkBounds(imageIndex);
        VqzTiles c = tiles();
        VqzLimits limits = VqzCodecs.limits(param);
        VqzDecoder decoder = VqzCodecs.decoder(limits);
        try (VqzLimits.MemoryReservation memory = reserveMemory(decoder, limits, c.header(), param)) {
            return read(imageIndex, param, c, decoder);
        }
    }

    private BufferedImage read(int imageIndex, ImageReadParam param, VqzTiles c, VqzDecoder decoder)
            throws IOException {
        int width = c.header().width();
        int height = c.header().height();
        int sourceBands = c.header().colourLayout().bands();
        BufferedImage destination = getDestination(param, getImageTypes(imageIndex), width, height);
        Rectangle sourceRegion = new Rectangle();
        Rectangle destRegion = new Rectangle();
        computeRegions(param, width, height, destination, sourceRegion, destRegion);
        checkReadParamBandSettings(param, sourceBands, destination.getSampleModel().getNumBands());
        int xSub = param != null ? param.getSourceXSubsampling() : 1;
        int ySub = param != null ? param.getSourceYSubsampling() : 1;

        reportedProgress = 0;
        clearAbortRequest();
        processImageStarted(imageIndex);
        if (abortRequested()) {
            processReadAborted();
            return destination;
        }
        if (destRegion.isEmpty()) {
            processImageProgress(100f);
            processImageComplete();
            return destination;
        }

        // Only the pixels the subsampling grid touches: the codec then decodes only the tiles under them.
        Rectangle needed = new Rectangle(sourceRegion.x, sourceRegion.y,
                (destRegion.width - 1) * xSub + 1, (destRegion.height - 1) * ySub + 1);
        DecodedImage decoded;
        try {
            decoded = decoder.decode(c, DecodeOptions.builder()
                    .region(needed)
                    .sink(new DestinationSink(destination, param, destRegion, xSub, ySub))
                    .progress(fraction -> progress((float) (fraction * 100)))
                    .abort(this::abortRequested)
                    // programs that show images while they load get the base layer first, as from a progressive
                    // JPEG; a read without update listeners decodes as before
                    .passes(updateListeners == null || updateListeners.isEmpty() ? null
                            : (pass, passes) -> passComplete(destination, destRegion, pass, passes))
                    .build());
        }
        catch (IOException | RuntimeException e) {
            if (abortRequested()) {
                processReadAborted();
                return destination;
            }
            throw e;
        }
        finally {
            imageInput.seek(streamStart); // the decoder read tiles from the stream
        }
        if (abortRequested() || decoded == null) {
            processReadAborted();
            return destination;
        }
        if (c.truncation().isPresent()) { // as the JDK's JPEG reader warns of a premature end
            processWarningOccurred("the file is cut short: decoded the " + c.header().layers() + " complete of the "
                    + c.declaredLayers() + " layers it declares (" + c.truncation().get().getMessage() + ")");
        }

        processImageProgress(100f);
        processImageComplete();
        return destination;
    }

    /** One layer's picture is in the destination: a pass, as IIOReadUpdateListener reports them. */
    private void passComplete(BufferedImage destination, Rectangle region, int pass, int passes) {
        int[] bands = new int[destination.getSampleModel().getNumBands()];
        for (int b = 0; b < bands.length; b++) {
            bands[b] = b;
        }
        processPassStarted(destination, pass - 1, 0, passes - 1, region.x, region.y, 1, 1, bands);
        processImageUpdate(destination, region.x, region.y, region.width, region.height, 1, 1, bands);
        processPassComplete(destination);
    }

    /**
     * Reserves, before anything is allocated, the destination this read would create plus what the codec needs
     * for the source region (the decode inside it reserves nothing more): a tiny file declaring a huge image, or
     * many reads at once on one heap, must not end in an {@code OutOfMemoryError}.
     */
    private VqzLimits.MemoryReservation reserveMemory(VqzDecoder decoder, VqzLimits limits, VqzHeader h,
                                                      ImageReadParam param) throws IOException {
        long pixels = (long) h.width() * h.height();
        if (pixels > limits.maxPixels()) { // the header was parsed under the system properties' limits
            throw new VqzLimitException("the " + h.width() + " x " + h.height() + " image has " + pixels
                    + " pixels, more than the limit " + limits.maxPixels() + " set in the read parameters' VqzLimits",
                    pixels, limits.maxPixels());
        }
        Rectangle source = getSourceRegion(param, h.width(), h.height());
        long destination = 0;
        if (param == null || param.getDestination() == null) {
            int xSub = param != null ? param.getSourceXSubsampling() : 1;
            int ySub = param != null ? param.getSourceYSubsampling() : 1;
            ImageTypeSpecifier type = param != null && param.getDestinationType() != null
                    ? param.getDestinationType() : types().get(0);
            SampleModel sm = type.getSampleModel(1, 1);
            long pixelBytes = (long) sm.getNumDataElements() * DataBuffer.getDataTypeSize(sm.getDataType()) / 8;
            destination = ((long) source.width + xSub - 1) / xSub * (((long) source.height + ySub - 1) / ySub)
                    * pixelBytes;
        }
        // the codec decodes straight into the destination: its own need leaves the image out
        long codec = decoder.memoryNeeded(h, DecodeOptions.builder().region(source)
                .sink((band, x, y, samples, count) -> { }).build());
        return limits.reserveMemory("reading the " + source.width + " x " + source.height
                + " source region of a " + h.width() + " x " + h.height() + " VQZ image", destination + codec);
    }

    @Override
    public boolean canReadRaster() {
        return true;
    }

    /**
     * The decoded samples in the raw type's layout (grey[, alpha] or R, G, B[, A]); source region, subsampling
     * and source bands apply, destination settings are ignored as {@link javax.imageio.ImageReader#readRaster}
     * specifies.
     */
    @Override
    public Raster readRaster(int imageIndex, ImageReadParam param) throws IOException {
        ImageReadParam source = new ImageReadParam();
        int[] selected = null;
        if (param != null) {
            source.setSourceRegion(param.getSourceRegion());
            source.setSourceSubsampling(param.getSourceXSubsampling(), param.getSourceYSubsampling(),
                    param.getSubsamplingXOffset(), param.getSubsamplingYOffset());
            if (param.getSourceBands() != null) {
                int[] bands = param.getSourceBands();
                source.setSourceBands(bands);
                int[] destination = new int[bands.length];
                for (int i = 0; i < bands.length; i++) {
                    destination[i] = i;
                }
                source.setDestinationBands(destination);
                selected = destination;
            }
        }
        Raster raster = read(imageIndex, source).getRaster();
        return selected == null ? raster
                : raster.createChild(0, 0, raster.getWidth(), raster.getHeight(), 0, 0, selected);
    }

    /** Forwards codec progress, which the codec reports on the reading thread only. */
    private void progress(float percent) {
        if (percent > reportedProgress) {
            reportedProgress = percent;
            processImageProgress(percent);
        }
    }

    /**
     * Writes the codec's samples straight into the destination, as they are decoded: subsampling, source and
     * destination bands and the destination offset applied, so no image of the source region is ever built.
     */
    private static final class DestinationSink implements SampleSink {
        private final WritableRaster target;
        /** For each layout band, the destination bands it goes to (none when the band is not selected). */
        private final int[][] targets;
        private final Rectangle destRegion;
        private final int xSub;
        private final int ySub;
        private final int[] row;

        DestinationSink(BufferedImage destination, ImageReadParam param, Rectangle destRegion, int xSub, int ySub) {
            this.target = destination.getRaster();
            this.destRegion = destRegion;
            this.xSub = xSub;
            this.ySub = ySub;
            int[] sourceBands = param != null ? param.getSourceBands() : null;
            int[] destBands = param != null ? param.getDestinationBands() : null;
            int selected = sourceBands != null ? sourceBands.length : target.getNumBands();
            int layoutBands = 4;
            int[][] map = new int[layoutBands][0];
            for (int i = 0; i < selected; i++) {
                int from = sourceBands != null ? sourceBands[i] : i;
                int to = destBands != null ? destBands[i] : i;
                int[] old = map[from];
                map[from] = java.util.Arrays.copyOf(old, old.length + 1);
                map[from][old.length] = to;
            }
            this.targets = map;
            this.row = new int[destRegion.width];
        }

        @Override
        public void put(int band, int x, int y, int[] samples, int count) {
            if (y % ySub != 0 || targets[band].length == 0) {
                return;
            }
            int first = (x + xSub - 1) / xSub * xSub;
            int n = 0;
            for (int sx = first; sx < x + count && n < row.length; sx += xSub) {
                row[n++] = samples[sx - x];
            }
            if (n == 0) {
                return;
            }
            for (int to : targets[band]) {
                target.setSamples(destRegion.x + first / xSub, destRegion.y + y / ySub, n, 1, to, row);
            }
        }
    }

    private VqzHeader header() throws IOException {
        assertInput();
        if (container != null) {
            return container.header();
        }
        if (header == null) {
            markStart();
            try {
                header = VqzReader.readHeader(IIOUtil.createStreamAdapter(imageInput), VqzCodecs.limits(null));
            }
            finally {
                imageInput.seek(streamStart);
            }
        }
        return header;
    }

    /**
     * The tiles for {@link #read}: where the stream knows its length, each payload is read when the decoder asks
     * for it, so a region reads only its tiles; else the whole container.
     */
    private VqzTiles tiles() throws IOException {
        return readIndex() ? index.tiles(channel) : container();
    }

    private VqzContainer container() throws IOException {
        assertInput();
        if (container == null) {
            markStart();
            CountingInputStream in = new CountingInputStream(IIOUtil.createStreamAdapter(imageInput));
            try {
                // a file cut short after its base layer (a download in progress) reads as its complete layers
                container = VqzReader.readAvailable(in, VqzCodecs.limits(null));
                containerBytes = in.count;
            }
            finally {
                imageInput.seek(streamStart);
            }
        }
        return container;
    }

    private void markStart() throws IOException {
        if (imageInput == null) {
            throw new IllegalStateException("input is not an ImageInputStream");
        }
        if (streamStart < 0) {
            streamStart = imageInput.getStreamPosition();
        }
    }

    private List<ImageTypeSpecifier> types() throws IOException {
        if (types == null) {
            describe();
            ColourLayout layout = header().colourLayout();
            types = VqzImageTypes.forLayout(layout, colorSpace(fileMetadata, layout));
        }
        return types;
    }

    /**
     * Reads the header, the metadata and the file's length in bytes: through the container's random-access
     * reader where the stream knows its length (the tile data is skipped, not read), else by reading the whole
     * container, which {@link #read} needs anyway.
     */
    private void describe() throws IOException {
        if (described) {
            return;
        }
        if (readIndex()) {
            header = index.header();
            fileMetadata = index.metadata();
            ChunkInfo last = index.chunks().get(index.chunks().size() - 1);
            containerBytes = last.offset() + last.totalLength();
        }
        else {
            fileMetadata = container().metadata();
        }
        described = true;
    }

    /** Reads the tile index once, where the stream knows its length and the container was not read whole. */
    private boolean readIndex() throws IOException {
        assertInput();
        markStart();
        if (index == null && container == null) {
            long length = imageInput.length();
            if (length < 0) {
                return false;
            }
            ImageInputChannel c = new ImageInputChannel(imageInput, length);
            try {
                index = VqzReader.readIndexAvailable(c, VqzCodecs.limits(null));
                channel = c;
            }
            finally {
                imageInput.seek(streamStart);
            }
        }
        return index != null;
    }

    /** The embedded profile's colour space, or {@code null} for sRGB, plain grey, or an unusable profile. */
    private ColorSpace colorSpace(VqzMetadata m, ColourLayout layout) {
        byte[] icc = m != null ? m.icc() : null;
        if (icc == null) {
            return null;
        }
        try {
            ICC_Profile profile = ColorProfiles.createProfile(icc);
            int expected = layout.isColour() ? ColorSpace.TYPE_RGB : ColorSpace.TYPE_GRAY;
            if (profile.getColorSpaceType() != expected) {
                processWarningOccurred("Ignoring the embedded ICC profile: its colour space does not match the "
                        + (layout.isColour() ? "RGB" : "grey") + " image");
                return null;
            }
            if (ColorProfiles.isCS_sRGB(profile)) {
                return null;
            }
            return ColorSpaces.createColorSpace(profile);
        }
        catch (RuntimeException e) {
            processWarningOccurred("Ignoring the embedded ICC profile, which cannot be used: " + e.getMessage());
            return null;
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
