package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.podWithTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.DeviceClasses;
import io.mig4j.dra.Workloads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random interleavings of pod creations and deletions on a dynamic-MIG cluster, with template claims and
 * DRA-backed extended resources mixed: after every {@link FakeCluster#awaitIdle()}, the devices allocated in claims,
 * the devices prepared for running pods, the GPU and compute instances on the fake GPUs and the published
 * ResourceSlices agree. Fixed seeds run in every build; {@code -Dmig4j.cluster.seed=<n>} adds one (printed on failure).
 */
class ClusterConsistencyPropertyTest {
    private static final String[] PROFILES = {"1g.10gb", "2g.20gb", "3g.40gb"};
    private static final int OPERATIONS = Integer.getInteger("mig4j.cluster.operations", 8);

    @TestFactory
    Stream<DynamicTest> claimsGpusAndSlicesNeverDisagree() {
        LongStream seeds = LongStream.of(1, 20261127);
        Long extra = Long.getLong("mig4j.cluster.seed");
        if (extra != null) {
            seeds = LongStream.concat(seeds, LongStream.of(extra));
        }
        return seeds.boxed().map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            try {
                run(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + " (rerun with -Dmig4j.cluster.seed=" + seed
                        + "): " + e.getMessage(), e);
            }
        }));
    }

    private static void run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (FakeCluster cluster = FakeCluster.builder().gpu("H100-80GB").dynamicMig(true).seed(seed)
                .reconcileInBackground(false).start()) {
            KubernetesClient client = cluster.client();
            for (String p : PROFILES) {
                client.resource(DeviceClaims.profile(p).template("default", template(p))).create();
                client.resource(DeviceClasses.migProfileBuilder(p)
                        .extendedResourceName(DeviceClasses.migProfileExtendedResourceName(p)).build()).create();
            }
            List<String> pods = new ArrayList<>();
            int next = 0;
            for (int op = 0; op < OPERATIONS; op++) {
                if (pods.isEmpty() || random.nextInt(3) != 0) {
                    String name = "p" + next++;
                    String profile = PROFILES[random.nextInt(PROFILES.length)];
                    if (random.nextBoolean()) {
                        client.resource(podWithTemplate(name, template(profile))).create();
                    } else {
                        client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                                .endMetadata().withSpec(Workloads.withExtendedResource(new PodSpecBuilder()
                                        .addNewContainer().withName("app").withImage("cuda:12").endContainer().build(),
                                        DeviceClasses.migProfileExtendedResourceName(profile),
                                        1 + random.nextInt(2))).build()).create();
                    }
                    pods.add(name);
                } else {
                    client.pods().inNamespace("default").withName(pods.remove(random.nextInt(pods.size()))).delete();
                }
                cluster.awaitIdle();
                try {
                    DynamicMigTest.checkConsistent(cluster);
                    slicesAreWhatTheGpusCallFor(cluster);
                } catch (AssertionError e) {
                    throw new AssertionError("after operation " + op + ": " + e.getMessage() + "\n"
                            + cluster.describe(), e);
                }
            }
        }
    }

    private static String template(String profile) {
        return "mig-" + profile.replace('.', '-');
    }

    /** The slices in the API server are exactly what the driver would publish for the GPUs' state now. */
    private static void slicesAreWhatTheGpusCallFor(FakeCluster cluster) {
        var serialization = cluster.client().getKubernetesSerialization();
        for (FakeNode n : cluster.nodes()) {
            List<ResourceSlice> published = new ArrayList<>(cluster.client().dynamicResourceAllocation().v1()
                    .resourcesSlices().withField("spec.nodeName", n.name()).list().getItems());
            List<ResourceSlice> desired = new ArrayList<>(n.driver().desiredSlices(n.driver().poolGeneration()));
            Comparator<ResourceSlice> order = Comparator.comparing(s -> serialization.asJson(s.getSpec()));
            published.sort(order);
            desired.sort(order);
            assertThat(published.stream().map(s -> serialization.asJson(s.getSpec())).toList())
                    .as("slices of " + n.name()).isEqualTo(desired.stream().map(s -> serialization.asJson(s.getSpec()))
                            .toList());
        }
    }
}
