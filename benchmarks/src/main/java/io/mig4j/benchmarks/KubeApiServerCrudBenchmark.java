package io.mig4j.benchmarks;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.mig4j.testkit.kube.MockKubeApiServer;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CRUD throughput through the fabric8 8.0.0 client (Vert.x 5, the default), side by side: mig4j's
 * {@link MockKubeApiServer} and fabric8's own {@code KubernetesMockServer} in CRUD mode. One operation is create +
 * get + update of a DeviceClass, or of a ResourceClaim. Objects accumulate during a run, as in a test suite; the
 * {@code seeded} parameter pre-loads that many DeviceClasses to show how each server scales with its contents.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class KubeApiServerCrudBenchmark {
    @Param({"mig4j", "fabric8"})
    public String server;

    @Param({"0", "1000"})
    public int seeded;

    private MockKubeApiServer mig4j;
    private KubernetesMockServer fabric8;
    private KubernetesClient client;
    private final AtomicLong names = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        if (server.equals("mig4j")) {
            mig4j = MockKubeApiServer.builder().journalSize(0).start();
            client = mig4j.client();
        } else {
            fabric8 = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            fabric8.init();
            client = fabric8.createClient();
        }
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("bench").endMetadata().build()).createOr(n -> n.update());
        for (int i = 0; i < seeded; i++) {
            client.dynamicResourceAllocation().v1().deviceClasses().resource(deviceClass("seed-" + i)).create();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        if (mig4j != null) {
            mig4j.close();
        }
        if (fabric8 != null) {
            fabric8.destroy();
        }
    }

    static DeviceClass deviceClass(String name) {
        return new DeviceClassBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewSelector()
                .withNewCel().withExpression("device.driver == 'gpu.nvidia.com'").endCel().endSelector().endSpec()
                .build();
    }

    @Benchmark
    public DeviceClass deviceClassCreateGetUpdate() {
        String name = "dc-" + names.incrementAndGet();
        var classes = client.dynamicResourceAllocation().v1().deviceClasses();
        classes.resource(deviceClass(name)).create();
        DeviceClass read = classes.withName(name).get();
        read.getMetadata().setLabels(java.util.Map.of("tier", "bench"));
        return classes.resource(read).update();
    }

    @Benchmark
    public ResourceClaim resourceClaimCreateGetUpdate() {
        String name = "claim-" + names.incrementAndGet();
        var claims = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace("bench");
        claims.resource(new ResourceClaimBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewDevices().addNewRequest().withName("gpu").withNewExactly().withDeviceClassName("gpu.nvidia.com")
                .withCount(1L).withAllocationMode("ExactCount").endExactly().endRequest().endDevices().endSpec().build())
                .create();
        ResourceClaim read = claims.withName(name).get();
        read.getMetadata().setLabels(java.util.Map.of("tier", "bench"));
        return claims.resource(read).update();
    }
}
