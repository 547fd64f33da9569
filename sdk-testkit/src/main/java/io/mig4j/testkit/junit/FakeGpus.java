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
 * (mutations allowed) are injected, NVML already initialized, with a MIG config applied if one is named. A static
 * field holds one set of GPUs for the class; instance fields and parameters get fresh GPUs per test.
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
}
