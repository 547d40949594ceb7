package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vqz.codec.ModelBundle;

import org.junit.jupiter.api.Test;

class ThreadsPerFileTest {

    @Test
    void theThreadsEachFileGetsAlsoRunItsNetworkUnlessTheJvmWasToldOtherwise() {
        String was = System.getProperty(ModelBundle.NETWORK_THREADS);
        try {
            System.clearProperty(ModelBundle.NETWORK_THREADS);
            assertEquals(2, BaseCommand.threadsPerFile(4, 2));
            assertEquals("2", System.getProperty(ModelBundle.NETWORK_THREADS));
            assertEquals(1, BaseCommand.threadsPerFile(3, 8)); // more files than threads: one each
            assertEquals("2", System.getProperty(ModelBundle.NETWORK_THREADS), "a setting already made stays");
            System.setProperty(ModelBundle.NETWORK_THREADS, "3"); // -Dvqz.network.threads=3 on the command line
            assertEquals(8, BaseCommand.threadsPerFile(8, 1));
            assertEquals("3", System.getProperty(ModelBundle.NETWORK_THREADS));
        } finally {
            if (was == null) {
                System.clearProperty(ModelBundle.NETWORK_THREADS);
            } else {
                System.setProperty(ModelBundle.NETWORK_THREADS, was);
            }
        }
    }
}
