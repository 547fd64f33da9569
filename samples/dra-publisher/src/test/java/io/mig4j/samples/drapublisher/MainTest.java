package io.mig4j.samples.drapublisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The command line: bad input is one line and exit code 2; a stopped run exits 0 and releases everything. */
class MainTest {
    record Run(int code, String out, String err) {
    }

    static Run run(CountDownLatch stop, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badInputExitsTwo() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        assertThat(run(open, "--fake", "H100-80GB").err()).startsWith("dra-publisher: --node: Required value");
        Run unknown = run(open, "--node", "n1", "--gpu", "x");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("dra-publisher: unknown option '--gpu'");
        Run product = run(open, "--node", "n1", "--fake", "H999-1GB", "--testkit");
        assertThat(product.code()).as(product.toString()).isEqualTo(2);
        Run file = run(open, "--node", "n1", "--mig-parted", "no-such-file.yaml");
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.err()).contains("no-such-file.yaml");
    }

    @Test
    void aRunOnTheTestkitStartsAndStops() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        stop.countDown();   // stop at once: start, then release the Lease and close the server
        Run r = run(stop, "--node", "n1", "--fake", "H100-80GBx2", "--testkit", "--identity", "p1",
                "--mig-parted", "../configs/mig-parted-example.yaml");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("testkit API server: http://127.0.0.1:")
                .contains("dra-publisher p1 for node n1 started (Lease default/mig4j-dra-publisher-n1)");
    }
}
