package io.vqz.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vqz bench}: runs the benchmark, which lives in its own jar ({@code vqz-bench.jar}, the {@code bench}
 * module) so that its plotting libraries stay out of {@code vqz.jar}. The jar is looked for in
 * {@code -Dvqz.bench.jar}, {@code VQZ_BENCH_JAR}, beside {@code vqz.jar}, and in the source tree's
 * {@code bench/target}; it runs in a child JVM with this command's arguments, standard streams and exit status.
 *
 * @since 0.3
 */
@Command(name = "bench", mixinStandardHelpOptions = false,
        description = "Rate-distortion benchmark against JPEG, WebP, AVIF, JPEG XL and HEIC (runs vqz-bench.jar; "
                + "'vqz bench --help' lists its options).")
final class BenchLauncher extends BaseCommand {
    static final String JAR = "vqz-bench.jar";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path jar = find();
        if (jar == null) {
            err().println("vqz: bench: " + JAR + " not found beside vqz.jar or in bench/target: build it with "
                    + "'mvn -B -DskipTests -pl bench -am package', or name it with VQZ_BENCH_JAR");
            err().flush();
            return VqzCommand.EXIT_FAILURE;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        out().flush();
        err().flush();
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }

    /** The bench jar, or null. */
    static Path find() throws IOException {
        for (String named : new String[] {System.getProperty("vqz.bench.jar"), System.getenv("VQZ_BENCH_JAR")}) {
            if (named != null && !named.isBlank()) {
                return Files.isRegularFile(Path.of(named)) ? Path.of(named) : null;
            }
        }
        Path self = ownJar();
        if (self == null) {
            return null;
        }
        // beside vqz.jar; or, for cli/target/vqz.jar (or cli/target/classes) in the source tree, bench/target
        Path cli = self.getParent() == null ? null : self.getParent().getParent();
        Path tree = cli == null ? null : cli.getParent();
        for (Path candidate : new Path[] {self.resolveSibling(JAR),
                tree == null ? null : tree.resolve("bench").resolve("target").resolve(JAR)}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The jar (or classes directory) this class was loaded from. */
    private static Path ownJar() {
        try {
            var source = BenchLauncher.class.getProtectionDomain().getCodeSource();
            return source == null ? null : new File(source.getLocation().toURI()).toPath().toAbsolutePath();
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
