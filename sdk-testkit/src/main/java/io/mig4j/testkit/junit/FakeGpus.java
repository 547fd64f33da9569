package io.mig4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test fake GPUs: fields and parameters of type {@code Nvml}, {@code FakeNvml} or {@code MigManager}
 * (mutations allowed) are injected, NVML already initialized, with a MIG config applied if one is named. Which
 * tests share the GPUs is set by {@link #lifecycle()}: by default a static field or {@code @TestInstance(PER_CLASS)}
 * holds one set for the class, else every test gets fresh GPUs (safe under JUnit's parallel execution). When a test
 * fails, each GPU's MIG mode and layout are added to the failure (see {@link FixtureState}).
 *
 * {@snippet :
 * @FakeGpus(product = "A100-80GB", count = 2, migConfig = "mig-parted.yaml", config = "all-1g.10gb")
 * class PlannerTest {
 *     MigManager mig;
 * }
 * }
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeGpusExtension.class)
public @interface FakeGpus {
    /** GPU product alias, e.g. {@code A100-80GB}. */
    String product() default "A100-80GB";

    /** Number of GPUs. */
    int count() default 1;

    /** MIG mode at start (a MIG config or layout enables it where it asks for it). */
    boolean migEnabled() default false;

    /** A mig-parted file on the test class path (or a file path) to apply {@link #config()} from. */
    String migConfig() default "";

    /** The config of {@link #migConfig()} to apply. */
    String config() default "";

    /** A MIG layout on every GPU as {@code profile=count} pairs, e.g. {@code "1g.10gb=7"}. */
    String[] migLayout() default {};

    /** The seed of GPU and MIG device UUIDs. */
    long seed() default 42;

    /**
     * Which tests share the fixture: by default one per class when a static field, {@code @TestInstance(PER_CLASS)}
     * or a {@code @BeforeAll}/{@code @AfterAll} parameter asks for it, else one per test; see
     * {@link FixtureLifecycle}.
     */
    FixtureLifecycle lifecycle() default FixtureLifecycle.DEFAULT;
}
