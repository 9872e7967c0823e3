import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bin/check-arm64's probe, Java 11 for the arm64 JRE 17: gzips a file whole with jlibdeflate, as the forwarder's
 * BodyCompressor does, and says on which architecture. Usage: LibdeflateProbe IN OUT LEVEL
 */
public final class LibdeflateProbe {
    public static void main(String[] args) throws Exception {
        byte[] in = Files.readAllBytes(Path.of(args[0]));
        try (LibdeflateCompressor compressor = new LibdeflateCompressor(Integer.parseInt(args[2]))) {
            byte[] out = compressor.gzipCompress(in);
            Files.write(Path.of(args[1]), out);
            System.out.println(System.getProperty("os.arch") + ": level " + args[2] + ", " + in.length + " -> " + out.length + " bytes");
        }
    }
}
