package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seeded runs report what is needed to replay a failure, and a reported seed replays the same sequence. */
class SeededTest {

    @Test
    void aFailureNamesTheSeedsAndTheReplayCommandAndTheSeedReplaysTheSameSequence() {
        List<Long> firstDraws = new ArrayList<>();
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Seeded.run("demo", 5, r -> {
            long draw = r.nextLong();
            firstDraws.add(draw);
            if (firstDraws.size() == 3) {
                throw new AssertionError("boom");
            }
        }));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("demo: sequence 3 of 5 failed (base seed 0x"
                + Long.toHexString(Seeded.baseSeed())).contains("boom");
        String sequenceSeed = e.getMessage().replaceAll("(?s).*sequence seed 0x([0-9a-f]+)\\).*", "$1");
        assertThat(e.getMessage()).contains("-Dmig4j.properties.seed=0x" + sequenceSeed
                + " -Dmig4j.properties.sequences=1");
        SplittableRandom replay = new SplittableRandom(Long.parseUnsignedLong(sequenceSeed, 16));
        assertThat(replay.nextLong()).as("the reported seed replays the failing sequence").isEqualTo(firstDraws.get(2));
        assertThat(firstDraws).as("each sequence has its own seed").doesNotHaveDuplicates();
    }

    @Test
    void theSequenceCountComesFromTheSystemPropertyWhenSet() {
        String before = System.getProperty(Seeded.SEQUENCES_PROPERTY);
        try {
            System.clearProperty(Seeded.SEQUENCES_PROPERTY);
            assertThat(Seeded.sequences(2_000)).isEqualTo(2_000);
            System.setProperty(Seeded.SEQUENCES_PROPERTY, "100000");
            assertThat(Seeded.sequences(2_000)).isEqualTo(100_000);
        } finally {
            if (before == null) {
                System.clearProperty(Seeded.SEQUENCES_PROPERTY);
            } else {
                System.setProperty(Seeded.SEQUENCES_PROPERTY, before);
            }
        }
    }
}
