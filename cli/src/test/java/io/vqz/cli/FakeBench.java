package io.vqz.cli;

/** Stands in for vqz-bench.jar in {@link BenchLauncherTest}: prints its arguments, exits with 3. */
public final class FakeBench {
    private FakeBench() {
    }

    public static void main(String[] args) {
        System.out.println("fake bench: " + String.join(" ", args));
        System.exit(3);
    }
}
