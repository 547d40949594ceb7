import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;

/**
 * A host application with its own, older libraries first on the class path (commons-io 2.11, SLF4J 1.7 with
 * logback): it uses them, reads and writes .vqz through ImageIO with the -all jar behind them, and logs before
 * and after. Run by VqzShadedJarIT in java's source-file mode.
 */
public class HostAppProbe {
    public static void main(String[] args) throws Exception {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("host");
        log.info("host logging before");
        byte[] own = org.apache.commons.io.IOUtils.toByteArray(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        BufferedImage image = ImageIO.read(new File(args[0]));
        System.out.println("READ " + image.getWidth() + "x" + image.getHeight());
        File out = new File(args[1]);
        System.out.println("WROTE " + ImageIO.write(image, "vqz", out) + " " + out.length());
        BufferedImage back = ImageIO.read(out);
        System.out.println("DECODED " + back.getWidth() + "x" + back.getHeight() + " " + own.length);
        log.info("host logging after");
    }
}
