package io.mig4j.testkit.junit;

/**
 * How long the fixture of a mig4j extension ({@link FakeClusterTest}, {@link FakeGpus}, {@link MockKubernetes})
 * lives, and so which tests share it.
 */
public enum FixtureLifecycle {
    /**
     * One fixture for the whole test class when the class asks for sharing — a {@code static} field of an
     * injected type, {@code @TestInstance(Lifecycle.PER_CLASS)}, or a {@code @BeforeAll}/{@code @AfterAll} method
     * taking one as a parameter — and otherwise a fresh one for every test.
     */
    DEFAULT,
    /** One fixture for the whole test class, shared by every test in it (and by its static fields). */
    PER_CLASS,
    /**
     * A fresh fixture for every test (every invocation of a parameterized or repeated test), closed when the test
     * ends; static fields of an injected type are rejected, since concurrent tests would overwrite each other's.
     */
    PER_TEST
}
