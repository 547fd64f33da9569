package io.mig4j.testkit.nvml;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded random runs for plain JUnit 5 tests: how many sequences to run and from which seed, and a failure message
 * that says how to run the failing sequence again.
 *
 * <p>{@value #SEQUENCES_PROPERTY} sets the number of sequences of every property (the tests' defaults add up to at
 * least 2,000 against FakeNvml per build); {@value #SEED_PROPERTY} fixes the base seed, which is otherwise new for
 * every run (so each build explores new sequences). A failure names the base seed and the failing sequence's own
 * seed; {@code -Dmig4j.properties.seed=<sequence seed> -Dmig4j.properties.sequences=1} replays exactly that one.
 */
final class Seeded {
    /** System property: the base seed (decimal or {@code 0x} hex). */
    static final String SEED_PROPERTY = "mig4j.properties.seed";
    /** System property: the number of random sequences per property. */
    static final String SEQUENCES_PROPERTY = "mig4j.properties.sequences";

    private static final long BASE_SEED = initialSeed();

    private Seeded() {
    }

    private static long initialSeed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed == null || fixed.isBlank()) {
            return new SplittableRandom().nextLong();
        }
        String s = fixed.strip();
        return s.regionMatches(true, 0, "0x", 0, 2) ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    /** This run's base seed. */
    static long baseSeed() {
        return BASE_SEED;
    }

    /** {@value #SEQUENCES_PROPERTY} when set, else {@code defaultCount}. */
    static int sequences(int defaultCount) {
        String n = System.getProperty(SEQUENCES_PROPERTY);
        return n == null || n.isBlank() ? defaultCount : Integer.parseInt(n.strip());
    }

    /**
     * Runs {@code count} sequences. The first sequence's seed is the base seed, each next one comes from the
     * previous; a failure is rethrown as an {@link AssertionError} naming both seeds and the sequence number.
     */
    static void run(String property, int count, Consumer<SplittableRandom> sequence) {
        long seed = BASE_SEED;
        for (int i = 0; i < count; i++) {
            try {
                sequence.accept(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + ": sequence " + (i + 1) + " of " + count + " failed (base seed 0x"
                        + Long.toHexString(BASE_SEED) + ", sequence seed 0x" + Long.toHexString(seed)
                        + "); replay it with -D" + SEED_PROPERTY + "=0x" + Long.toHexString(seed) + " -D"
                        + SEQUENCES_PROPERTY + "=1\n" + e.getMessage(), e);
            }
            seed = new SplittableRandom(seed).nextLong() ^ 0x6D6967346A5EEDL;
        }
    }

    /** One of {@code items}, uniformly. */
    static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
