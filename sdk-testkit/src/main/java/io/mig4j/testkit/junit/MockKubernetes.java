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
 * A static field holds one server for the class; instance fields and parameters get one per test.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MockKubernetesExtension.class)
public @interface MockKubernetes {
}
