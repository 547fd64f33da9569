package io.mig4j.testkit.cluster;

import java.util.SplittableRandom;

/**
 * Names as the API server generates them from {@code generateName}, but from a seeded random source so that a
 * seeded cluster names its claims, pods and ReplicaSets the same way on every run.
 */
final class NameGenerator {
    /** {@code apimachinery/pkg/util/rand/rand.go}: no vowels, no confusable characters. */
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    /** {@code apiserver/pkg/storage/names/generate.go}: the base is cut to 58 characters before the suffix. */
    private static final int MAX_GENERATED_BASE = 58;
    /** The resourceclaim controller's {@code maxBaseLen}: 63 minus a hyphen and 5 random characters. */
    private static final int MAX_CLAIM_BASE = 57;

    private final SplittableRandom random;

    NameGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Five random characters. */
    synchronized String suffix() {
        StringBuilder b = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The name the API server would make of this {@code generateName}. */
    String generate(String generateName) {
        String base = generateName.length() > MAX_GENERATED_BASE ? generateName.substring(0, MAX_GENERATED_BASE)
                : generateName;
        return base + suffix();
    }

    /**
     * The {@code generateName} of a claim made from a pod's template claim (resourceclaim controller): {@code
     * <pod>-<claim>-}, or when longer than 57 characters both parts cut in proportion and joined by one hyphen, with
     * no trailing hyphen.
     */
    static String claimGenerateName(String pod, String podClaim) {
        String generateName = pod + "-" + podClaim + "-";
        if (generateName.length() <= MAX_CLAIM_BASE) {
            return generateName;
        }
        int len = generateName.length();
        return pod.substring(0, pod.length() * MAX_CLAIM_BASE / len) + "-"
                + podClaim.substring(0, podClaim.length() * MAX_CLAIM_BASE / len);
    }
}
