package io.mig4j.samples.drapublisher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.migparted.MigPartedConfig;
import io.mig4j.nvml.MigManager;
import io.mig4j.testkit.kube.MockKubeApiServer;
import io.mig4j.testkit.nvml.FakeNvml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The publisher against sdk-testkit's {@link MockKubeApiServer} (a real HTTP API server for fabric8's client,
 * informers and leader election) and a {@link FakeNvml} node with one H100-80GB, MIG disabled at first.
 */
@Timeout(120)   // a safety net against a hung election; the awaits below poll for conditions, nothing is timed
class DraPublisherTest {
    static final String NODE = "gpu-node-1";
    static final String LEASE = "mig4j-dra-publisher-" + NODE;

    MockKubeApiServer server;
    KubernetesClient client;
    FakeNvml nvml;
    MigManager manager;
    MigPartedConfig config;
    final List<DraPublisher> publishers = new ArrayList<>();
    final List<RuntimeException> errors = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = MockKubeApiServer.start();
        client = server.client();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        nvml = FakeNvml.builder().gpus("H100-80GB", 1).resetOnMigModeChange(true).build();
        nvml.init();
        manager = MigManager.builder(nvml).allowMutations(true).build();
        // the repository's example file: all-1g.10gb, mixed-workload, all-balanced, training-optimized
        config = MigPartedConfig.read(Path.of("../configs/mig-parted-example.yaml"));
    }

    @AfterEach
    void stop() {
        publishers.forEach(DraPublisher::close);
        nvml.close();
        server.close();
        assertThat(errors).as("failed reconcile passes").isEmpty();
    }

    DraPublisher publisher(String identity) {
        DraPublisher p = DraPublisher.builder(server.newClient(), manager, NODE).migPartedConfig(config)
                .identity(identity)
                // long enough that a slow build machine never misses a renewal; a stopped replica releases the
                // Lease at once, so the takeover does not wait for it to run out
                .leaseTiming(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(200))
                .resyncPeriod(Duration.ofMillis(300))
                .onError(e -> {
                    synchronized (errors) {
                        errors.add(e);
                    }
                })
                .build();
        publishers.add(p);
        return p;
    }

    @Test
    void theLeaderPublishesTheNodesSlicesOwnedByTheNode() {
        DraPublisher a = publisher("a");
        a.start();

        await("slices published", () -> slices().size() == 1);
        ResourceSlice slice = slices().get(0);
        assertThat(slice.getSpec().getDriver()).isEqualTo("gpu.nvidia.com");
        assertThat(slice.getSpec().getNodeName()).isEqualTo(NODE);
        assertThat(slice.getSpec().getPool().getName()).isEqualTo(NODE);
        assertThat(slice.getSpec().getPool().getGeneration()).isEqualTo(1);
        // MIG disabled: the full GPU is the device
        assertThat(deviceNames()).containsExactly("gpu-0");
        Node node = client.nodes().withName(NODE).get();
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(node.getMetadata().getUid()));
        assertThat(a.isLeader()).isTrue();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");

        // a slice deleted by someone else comes back, as the next generation
        client.dynamicResourceAllocation().v1().resourcesSlices().withName(slice.getMetadata().getName()).delete();
        await("slices republished", () -> slices().size() == 1 && generation() == 2);
        await("the publisher counted its second write", () -> a.sliceWrites() == 2);
    }

    @Test
    void theMigConfigLabelReconfiguresTheGpusAndRepublishesWithTheNextGeneration() {
        DraPublisher a = publisher("a");
        a.start();
        await("first publication", () -> generation() == 1);

        label("all-1g.10gb");

        await("state success", () -> "success".equals(state()));
        await("generation 2", () -> generation() == 2 && slices().size() == 1);
        assertThat(deviceNames()).hasSize(7).allMatch(n -> n.startsWith("gpu-0-mig-1g10gb-19-"));
        assertThat(nvml.layout(0).toString()).contains("1g.10gb");
        assertThat(nvml.migDeviceUuids(0)).hasSize(7);

        // the same label again changes nothing: no new generation
        long writes = a.sliceWrites();
        client.nodes().withName(NODE).edit(n -> {
            n.getMetadata().getLabels().put("unrelated", "change");
            return n;
        });
        await("resync passes", () -> a.generation() == 2);
        assertThat(a.sliceWrites()).isEqualTo(writes);
        assertThat(generation()).isEqualTo(2);
    }

    @Test
    void aConfigThatWouldDestroyDevicesInUseFailsAndIsRetriedOnceTheyAreFree() {
        DraPublisher a = publisher("a");
        a.start();
        await("first publication", () -> generation() == 1);
        label("all-1g.10gb");
        await("7 × 1g.10gb published", () -> generation() == 2 && deviceNames().size() == 7);
        String busy = nvml.migDeviceUuids(0).get(0);
        nvml.attachProcess(busy);

        label("training-optimized");

        await("state failed", () -> "failed".equals(state()));
        await("a warning event", () -> !events().isEmpty());
        assertThat(events().get(0).getMessage())
                .startsWith("Failed to apply MIG config 'training-optimized': MIG devices in use: ")
                .contains(busy);
        assertThat(events().get(0).getInvolvedObject().getName()).isEqualTo(NODE);
        // nothing changed on the GPU or in the cluster
        assertThat(nvml.migDeviceUuids(0)).hasSize(7).contains(busy);
        assertThat(generation()).isEqualTo(2);

        nvml.detachProcess(busy);

        await("state success after the periodic retry", () -> "success".equals(state()));
        // the publisher creates the new generation before it deletes the old one: wait for the old one to go
        await("generation 3 alone", () -> onlyGeneration(3));
        assertThat(deviceNames()).containsExactlyInAnyOrder("gpu-0-mig-4g40gb-5-0", "gpu-0-mig-3g40gb-9-4");
    }

    @Test
    void anUnknownConfigFails() {
        DraPublisher a = publisher("a");
        a.start();
        label("no-such-config");
        await("state failed", () -> "failed".equals(state()));
        await("a warning event", () -> !events().isEmpty());
        assertThat(events().get(0).getMessage()).contains("no config named 'no-such-config'");
    }

    @Test
    void aSecondReplicaWaitsForTheLeaseAndTakesOverWhenTheFirstStops() {
        DraPublisher a = publisher("a");
        a.start();
        await("a leads and publishes", () -> a.isLeader() && generation() == 1);
        DraPublisher b = publisher("b");
        b.start();
        await("b sees a as the leader", () -> "a".equals(b.currentLeader()));

        // while a holds the Lease, b neither leads nor writes, even when there is something to do
        label("all-1g.10gb");
        await("a applies", () -> onlyGeneration(2) && "success".equals(state()));
        assertThat(b.isLeader()).isFalse();
        assertThat(b.sliceWrites()).isZero();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");

        a.close();   // releases the Lease

        await("b takes over", b::isLeader);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
        // b continues from what a published: no new generation for the same GPUs
        await("b reconciled", () -> b.generation() == 2);
        assertThat(b.sliceWrites()).isZero();

        label("training-optimized");
        await("b applies and publishes generation 3", () -> generation() == 3 && "success".equals(state()));
        await("b counted its write", () -> b.sliceWrites() == 1);
        assertThat(a.sliceWrites()).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    void label(String config) {
        client.nodes().withName(NODE).edit(n -> {
            n.getMetadata().getLabels().put(MigConfigApplier.CONFIG_LABEL, config);
            return n;
        });
    }

    String state() {
        return client.nodes().withName(NODE).get().getMetadata().getLabels().get(MigConfigApplier.STATE_LABEL);
    }

    List<ResourceSlice> slices() {
        return client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems();
    }

    long generation() {
        return slices().stream().mapToLong(s -> s.getSpec().getPool().getGeneration()).max().orElse(0);
    }

    /** Whether every published slice is of generation {@code g} (and there is one). */
    boolean onlyGeneration(long g) {
        List<ResourceSlice> all = slices();
        return !all.isEmpty() && all.stream().allMatch(s -> s.getSpec().getPool().getGeneration() == g);
    }

    List<String> deviceNames() {
        return slices().stream().flatMap(s -> s.getSpec().getDevices().stream()).map(Device::getName).toList();
    }

    Lease lease() {
        return client.resources(Lease.class).inNamespace("default").withName(LEASE).get();
    }

    List<Event> events() {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "MigConfigFailed".equals(e.getReason())).toList();
    }

    /** Polls until the condition holds; the limit only bounds a broken run, nothing is timed. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
