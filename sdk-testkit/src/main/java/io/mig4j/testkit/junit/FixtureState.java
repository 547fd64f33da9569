package io.mig4j.testkit.junit;

/**
 * The state of a mig4j fixture (the fake cluster's pods, claims, slices and events; the fake GPUs' MIG layouts; the
 * API server's objects) when a test failed. The extensions add it as a suppressed exception to the test's failure,
 * so it is printed with the failure wherever the stack trace is, and publish it as a report entry.
 */
public final class FixtureState extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A state dump; carries no stack trace of its own (where it was made says nothing). */
    public FixtureState(String state) {
        super(state, null, false, false);
    }
}
