package io.vqz.cli;

import picocli.CommandLine.Option;

/** The options every command that writes files shares: overwriting and quietness. */
final class WriteOptions {
    @Option(names = {"-f", "--force"}, description = "Overwrite existing output files.")
    boolean force;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;
}
