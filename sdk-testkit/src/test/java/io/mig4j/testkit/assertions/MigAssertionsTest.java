package io.mig4j.testkit.assertions;

import static io.mig4j.testkit.assertions.MigAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.mig4j.dra.DeviceClaims;
import io.mig4j.dra.Workloads;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.junit.FakeClusterTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each assertion passes on what holds and fails, saying what it found instead, on what does not: one A100 with
 * seven 1g.10gb devices, seven pods running on them and an eighth pending with a FailedScheduling event.
 */
@FakeClusterTest(gpu = "A100-80GB", migLayout = "1g.10gb=7")
class MigAssertionsTest {
    static FakeCluster cluster;

    @BeforeAll
    static void sevenRunningOnePending() {
        cluster.client().resource(DeviceClaims.profile("1g.10gb").template("default", "mig-1g")).create();
        for (int i = 1; i <= 8; i++) {
            cluster.client().resource(new PodBuilder().withNewMetadata().withName("pod-" + i)
                    .withNamespace("default").endMetadata().withSpec(Workloads.withClaim(new PodSpecBuilder()
                            .addNewContainer().withName("app").withImage("cuda").endContainer().build(),
                            Workloads.fromTemplate("gpu", "mig-1g"))).build()).create();
        }
        cluster.awaitIdle();
    }

    private static String claimOf(String pod) {
        return cluster.client().pods().inNamespace("default").withName(pod).get().getStatus()
                .getResourceClaimStatuses().get(0).getResourceClaimName();
    }

    @Test
    void passingAssertionsChain() {
        assertThat(cluster).hasRunningPods(7);
        assertThat(cluster).pod("default", "pod-1").isRunning().isScheduledOn("gpu-node-1")
                .hasMigDevice("1g.10gb").hasMigDevices("1g.10gb", 1).hasAllClaimsAllocated()
                .hasNoEvent("FailedScheduling");
        assertThat(cluster).pod("pod-8").isPending().isNotScheduled().hasNoDevices()
                .hasFailedSchedulingEventContaining("cannot allocate all claims");
        assertThat(cluster).node("gpu-node-1").hasMigLayout("1g.10gb=7").hasMigLayoutOnGpu(0, "1g.10gb=7")
                .hasMigConfigState("success").hasLabel("nvidia.com/mig.config", "custom");
        assertThat(cluster).claim("default", claimOf("pod-1")).isAllocated().isAllocatedOn("gpu-node-1")
                .hasAllocatedDevices(1).isReservedFor("pod-1");
    }

    @Test
    void isRunningSaysThePhaseAndShowsTheEvents() {
        assertThatThrownBy(() -> assertThat(cluster).pod("default", "pod-8").isRunning())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting pod default/pod-8 to be Running, but it is Pending")
                .hasMessageContaining("node <none>")
                .hasMessageContaining("Warning FailedScheduling Pod/pod-8: 0/1 nodes are available");
    }

    @Test
    void isPendingSaysThePodRuns() {
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-1").isPending())
                .hasMessageContaining("Expecting pod default/pod-1 to be Pending, but it is Running")
                .hasMessageContaining("node gpu-node-1");
    }

    @Test
    void hasMigDeviceListsTheDevicesThePodGot() {
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-1").hasMigDevice("2g.20gb"))
                .hasMessageContaining("Expecting pod default/pod-1 to have a 2g.20gb MIG device, but it has [1g.10gb MIG-");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-1").hasMigDevices("1g.10gb", 2))
                .hasMessageContaining("to have exactly 2 1g.10gb MIG devices, but it has [1g.10gb MIG-");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-8").hasMigDevice("1g.10gb"))
                .hasMessageContaining("but no device was prepared for it").hasMessageContaining("phase Pending");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-1").hasNoDevices())
                .hasMessageContaining("Expecting pod default/pod-1 to have no devices, but it has [1g.10gb MIG-");
    }

    @Test
    void hasFailedSchedulingEventContainingShowsTheEventsFound() {
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-8").hasFailedSchedulingEventContaining("Insufficient"))
                .hasMessageContaining("Expecting a FailedScheduling event of pod default/pod-8 containing:")
                .hasMessageContaining("\"Insufficient\"")
                .hasMessageContaining("but its events are:")
                .hasMessageContaining("cannot allocate all claims");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-1").hasFailedSchedulingEventContaining("x"))
                .hasMessageContaining("Expecting a FailedScheduling event of pod default/pod-1");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-8").hasNoEvent("FailedScheduling"))
                .hasMessageContaining("Expecting no FailedScheduling event of pod default/pod-8, but found:")
                .hasMessageContaining("cannot allocate all claims");
    }

    @Test
    void schedulingAssertionsSayWhereThePodIs() {
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-8").isScheduledOn("gpu-node-1"))
                .hasMessageContaining("Expecting pod default/pod-8 to be scheduled on gpu-node-1, but it is not scheduled");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-1").isNotScheduled())
                .hasMessageContaining("Expecting pod default/pod-1 not to be scheduled, but it is on gpu-node-1");
        assertThatThrownBy(() -> assertThat(cluster).pod("pod-8").hasAllClaimsAllocated())
                .hasMessageContaining("Expecting every claim of pod default/pod-8 to be allocated, but these are not: ["
                        + claimOf("pod-8") + " (pending)]");
    }

    @Test
    void missingObjectsAreListed() {
        assertThatThrownBy(() -> assertThat(cluster).pod("default", "nope"))
                .hasMessageContaining("Expecting pod default/nope to exist, but namespace default has only: [pod-1, ");
        assertThatThrownBy(() -> assertThat(cluster).node("gpu-node-9"))
                .hasMessageContaining("Expecting node gpu-node-9 to exist, but the cluster's nodes are: [gpu-node-1]");
        assertThatThrownBy(() -> assertThat(cluster).claim("default", "nope"))
                .hasMessageContaining("Expecting ResourceClaim default/nope to exist, but namespace default has only: [");
    }

    @Test
    void nodeAssertionsShowTheActualLayoutAndLabels() {
        assertThatThrownBy(() -> assertThat(cluster).node("gpu-node-1").hasMigLayout("3g.40gb=1", "1g.10gb=4"))
                .hasMessageContaining("Expecting GPU 0 of node gpu-node-1 to hold {1g.10gb=4, 3g.40gb=1}, but it holds"
                        + " {1g.10gb=7} (1g.10gb@0[1g.10gb@0],1g.10gb@1");
        assertThatThrownBy(() -> assertThat(cluster).node("gpu-node-1").hasMigLayoutOnGpu(1, "1g.10gb=7"))
                .hasMessageContaining("Expecting node gpu-node-1 to have a GPU 1, but it has 1 GPUs");
        assertThatThrownBy(() -> assertThat(cluster).node("gpu-node-1").hasMigConfigState("failed"))
                .hasMessageContaining("Expecting node gpu-node-1 to have label nvidia.com/mig.config.state=failed,"
                        + " but it is nvidia.com/mig.config.state=success");
        assertThatThrownBy(() -> assertThat(cluster).node("gpu-node-1").hasLabel("team", "ml"))
                .hasMessageContaining("but it has no such label").hasMessageContaining("nvidia.com/gpu.product=");
    }

    @Test
    void claimAssertionsShowTheAllocation() {
        String pending = claimOf("pod-8");
        String running = claimOf("pod-1");
        assertThat(cluster).claim("default", pending).isNotAllocated();
        assertThatThrownBy(() -> assertThat(cluster).claim("default", pending).isAllocated())
                .hasMessageContaining("Expecting ResourceClaim default/" + pending + " to be allocated, but it is not")
                .hasMessageContaining("cannot allocate all claims");
        assertThatThrownBy(() -> assertThat(cluster).claim("default", running).isNotAllocated())
                .hasMessageContaining("not to be allocated, but it holds [");
        assertThatThrownBy(() -> assertThat(cluster).claim("default", running).hasAllocatedDevices(2))
                .hasMessageContaining("to hold 2 devices, but it holds 1: [");
        assertThatThrownBy(() -> assertThat(cluster).claim("default", running).isAllocatedOn("gpu-node-2"))
                .hasMessageContaining("to be allocated on node gpu-node-2, but it holds [");
        assertThatThrownBy(() -> assertThat(cluster).claim("default", running).isReservedFor("pod-2"))
                .hasMessageContaining("to be reserved for pod pod-2, but reservedFor is [pod-1]");
    }

    @Test
    void clusterAssertionsListWhatIsPendingOrRunning() {
        assertThatThrownBy(() -> assertThat(cluster).hasAllClaimsAllocated())
                .hasMessageContaining("Expecting every ResourceClaim to be allocated, but these are not: [default/"
                        + claimOf("pod-8") + "]")
                .hasMessageContaining("cannot allocate all claims");
        assertThatThrownBy(() -> assertThat(cluster).hasRunningPods(8))
                .hasMessageContaining("Expecting 8 running pods, but found 7:")
                .hasMessageContaining("default/pod-8 Pending");
    }
}
