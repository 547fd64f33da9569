package io.mig4j.testkit.junit;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.testkit.cluster.FakeCluster;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a failing {@link FakeClusterTest} reports: the cluster's own dump plus a summary of its ResourceSlices. */
final class ClusterReport {
    private ClusterReport() {
    }

    static String describe(FakeCluster cluster) {
        StringBuilder b = new StringBuilder(cluster.describe());
        if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        b.append(slices(cluster));
        return b.toString();
    }

    /** One line per slice: node, pool and generation, devices, and how many of them claims hold. */
    static String slices(FakeCluster cluster) {
        Set<String> allocated = new HashSet<>();
        for (ResourceClaim c : cluster.client().dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace()
                .list().getItems()) {
            if (c.getStatus() != null && c.getStatus().getAllocation() != null
                    && c.getStatus().getAllocation().getDevices() != null) {
                for (DeviceRequestAllocationResult r : c.getStatus().getAllocation().getDevices().getResults()) {
                    allocated.add(r.getDriver() + "/" + r.getPool() + "/" + r.getDevice());
                }
            }
        }
        StringBuilder b = new StringBuilder("ResourceSlices:\n");
        List<ResourceSlice> slices = cluster.client().dynamicResourceAllocation().v1().resourcesSlices().list()
                .getItems();
        for (ResourceSlice s : slices) {
            String driver = s.getSpec().getDriver();
            String pool = s.getSpec().getPool() == null ? null : s.getSpec().getPool().getName();
            int devices = s.getSpec().getDevices() == null ? 0 : s.getSpec().getDevices().size();
            long held = s.getSpec().getDevices() == null ? 0 : s.getSpec().getDevices().stream()
                    .filter(d -> allocated.contains(driver + "/" + pool + "/" + d.getName())).count();
            b.append("  ").append(s.getMetadata().getName()).append(" node=").append(s.getSpec().getNodeName())
                    .append(" driver=").append(driver).append(" pool=").append(pool).append(" generation=")
                    .append(s.getSpec().getPool() == null ? null : s.getSpec().getPool().getGeneration())
                    .append(" devices=").append(devices).append(" allocated=").append(held).append('\n');
        }
        if (slices.isEmpty()) {
            b.append("  (none)\n");
        }
        return b.toString();
    }
}
