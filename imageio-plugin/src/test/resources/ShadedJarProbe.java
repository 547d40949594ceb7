import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;

/**
 * "Any program": reads an image with plain ImageIO and prints its size. Run by VqzShadedJarIT with only the
 * self-contained plugin jar on the class path (java's source-file mode, so nothing else is compiled in).
 */
public class ShadedJarProbe {
    public static void main(String[] args) throws Exception {
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null) {
            System.out.println("NO READER");
            System.exit(2);
        }
        System.out.println("READ " + image.getWidth() + "x" + image.getHeight());
        File out = new File(args[1]);
        if (!ImageIO.write(image, "vqz", out)) {
            System.out.println("NO WRITER");
            System.exit(3);
        }
        System.out.println("WROTE " + out.length());
    }
}
