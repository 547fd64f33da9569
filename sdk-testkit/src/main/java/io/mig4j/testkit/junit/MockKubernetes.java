package io.mig4j.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test a {@link io.mig4j.testkit.kube.MockKubeApiServer}: fields and parameters of type
 * {@code MockKubeApiServer}, {@code KubernetesClient} or {@code Path} (a kubeconfig file for kubectl) are injected.
 * Each fixture has its own port and its own kubeconfig file, so concurrent tests never see each other's objects.
 * Which tests share a server is set by {@link #lifecycle()}. When a test fails, the server's pods, claims, slices and
 * events are added to the failure (see {@link FixtureState}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MockKubernetesExtension.class)
public @interface MockKubernetes {
    /**
     * Which tests share the fixture: by default one per class when a static field, {@code @TestInstance(PER_CLASS)}
     * or a {@code @BeforeAll}/{@code @AfterAll} parameter asks for it, else one per test; see
     * {@link FixtureLifecycle}.
     */
    FixtureLifecycle lifecycle() default FixtureLifecycle.DEFAULT;
}
