package io.mig4j.testkit.cluster;

import static io.mig4j.testkit.cluster.ClusterFixtures.phase;
import static io.mig4j.testkit.cluster.ClusterFixtures.podWithTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.dra.DeviceClaims;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Dynamic MIG end to end: the slices offer every profile × placement, preparing a claim creates the GPU and compute
 * instance at the allocated placement on the node's fake GPU, the pod gets the new MIG device, unpreparing destroys
 * it, and allocations, GPUs and slices never disagree under random pod creations and deletions.
 */
class DynamicMigTest {
    private static final String[] PROFILES = {"1g.10gb", "2g.20gb", "3g.40gb"};

    @Test
    void preparingCreatesTheInstanceAtTheAllocatedPlacementAndUnpreparingDestroysIt() {
        try (FakeCluster cluster = FakeCluster.builder().gpu("H100-80GB").dynamicMig(true)
                .reconcileInBackground(false).start()) {
            KubernetesClient client = cluster.client();
            FakeNode node = cluster.nodes().get(0);
            assertThat(node.nvml().migDeviceUuids(0)).isEmpty();
            client.resource(DeviceClaims.profile("3g.40gb").template("default", "mig-3g")).create();
            client.resource(podWithTemplate("big", "mig-3g")).create();
            cluster.awaitIdle();
            assertThat(phase(client, "big")).as(cluster.describe()).isEqualTo("Running");
            List<PreparedDevice> devices = cluster.preparedDevices("default", "big");
            assertThat(devices).singleElement().satisfies(d -> {
                assertThat(d.createdOnDemand()).isTrue();
                assertThat(d.profile()).isEqualTo("3g.40gb");
                assertThat(d.device()).matches("gpu-0-mig-3g40gb-9-[04]");
            });
            PreparedDevice d = devices.get(0);
            assertThat(node.nvml().migDeviceUuids(0)).containsExactly(d.migDeviceUuid());
            GpuInstanceInfo gi = node.migManager().gpu(0).gpuInstances().get(0);
            assertThat(gi.profileId()).isEqualTo(9);
            assertThat(d.device()).endsWith("-" + gi.placement().start());
            long generation = node.driver().poolGeneration();

            client.pods().inNamespace("default").withName("big").delete();
            cluster.awaitIdle();
            assertThat(node.nvml().migDeviceUuids(0)).isEmpty();
            assertThat(node.migManager().gpu(0).gpuInstances()).isEmpty();
            assertThat(node.driver().preparedClaims()).isEmpty();
            assertThat(node.driver().poolGeneration()).isEqualTo(generation);
        }
    }

    @Test
    void randomCreationsAndDeletionsKeepClaimsGpusAndSlicesConsistent() {
        long seed = Long.getLong("mig4j.cluster.seed", System.nanoTime());
        int operations = Integer.getInteger("mig4j.cluster.operations", 20);
        try {
            run(seed, operations);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("failed with seed " + seed + " (rerun with -Dmig4j.cluster.seed=" + seed + "): "
                    + e.getMessage(), e);
        }
    }

    private static void run(long seed, int operations) {
        SplittableRandom random = new SplittableRandom(seed);
        try (FakeCluster cluster = FakeCluster.builder().nodes(2).gpu("H100-80GB").gpusPerNode(2).dynamicMig(true)
                .seed(seed).reconcileInBackground(false).start()) {
            KubernetesClient client = cluster.client();
            for (String p : PROFILES) {
                client.resource(DeviceClaims.profile(p).template("default", "mig-" + p.replace('.', '-'))).create();
            }
            List<String> pods = new ArrayList<>();
            int next = 0;
            for (int op = 0; op < operations; op++) {
                if (pods.isEmpty() || random.nextInt(3) != 0) {
                    String name = "p" + next++;
                    String profile = PROFILES[random.nextInt(PROFILES.length)];
                    client.resource(podWithTemplate(name, "mig-" + profile.replace('.', '-'))).create();
                    pods.add(name);
                } else {
                    String name = pods.remove(random.nextInt(pods.size()));
                    client.pods().inNamespace("default").withName(name).delete();
                }
                cluster.awaitIdle();
                try {
                    checkConsistent(cluster);
                } catch (AssertionError e) {
                    throw new AssertionError("after operation " + op + ": " + e.getMessage() + "\n"
                            + cluster.describe(), e);
                }
            }
        }
    }

    /** Allocated devices of reserved claims = running pods' prepared devices = instances on the GPUs; slices unchanged. */
    static void checkConsistent(FakeCluster cluster) {
        KubernetesClient client = cluster.client();
        String where = "";
        Set<String> allocated = new TreeSet<>();
        for (ResourceClaim c : client.dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace().list()
                .getItems()) {
            if (PodClaims.allocated(c)) {
                for (DeviceRequestAllocationResult r : c.getStatus().getAllocation().getDevices().getResults()) {
                    assertThat(allocated.add(r.getPool() + "/" + r.getDevice())).as("allocated twice: " + r.getDevice()
                            + " " + where).isTrue();
                }
            }
        }
        Set<String> prepared = new TreeSet<>();
        Set<String> running = new HashSet<>();
        for (Pod p : client.pods().inNamespace("default").list().getItems()) {
            if ("Running".equals(p.getStatus().getPhase())) {
                running.add(p.getMetadata().getName());
                for (PreparedDevice d : cluster.preparedDevices("default", p.getMetadata().getName())) {
                    prepared.add(p.getSpec().getNodeName() + "/" + d.device());
                }
            } else {
                assertThat(p.getSpec().getNodeName()).as("a pod bound but not running " + where).isNull();
            }
        }
        Set<String> onGpus = new TreeSet<>();
        for (FakeNode n : cluster.nodes()) {
            for (GpuInventory g : n.migManager().inventory().gpus()) {
                for (GpuInstanceInfo gi : g.gpuInstances()) {
                    String profile = gi.profileName().replace(".", "");
                    onGpus.add(n.name() + "/gpu-" + g.minor() + "-mig-" + profile + "-" + gi.profileId() + "-"
                            + gi.placement().start());
                    assertThat(gi.computeInstances()).hasSize(1);
                }
            }
            for (ResourceSlice s : client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems()) {
                if (n.name().equals(s.getSpec().getNodeName())) {
                    assertThat(s.getSpec().getPool().getGeneration()).as(where).isEqualTo(1L);
                }
            }
            assertThat(n.driver().publishedSliceNames()).hasSize(1 + n.nvml().gpuCount());
        }
        assertThat(prepared).as("prepared vs allocated " + where).isEqualTo(allocated);
        assertThat(onGpus).as("GPU instances vs allocated " + where).isEqualTo(allocated);
        assertThat(cluster.nodes().stream().mapToInt(n -> n.driver().preparedClaims().size()).sum())
                .isEqualTo(running.size());
    }
}
