package io.mig4j.cli;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.api.layout.SliceMap;
import io.mig4j.cli.render.SliceMapText;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.PreparedDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listings the demo prints, in the shapes people know: {@code nvidia-smi -L}, {@code nvidia-smi mig -lgi} /
 * {@code -lci} (the columns of {@code mig4j mig lgi/lci}, with the node in front), {@code kubectl get pods} and
 * {@code kubectl get resourceclaims -A -o wide} with the MIG device each claim got. Each returns the text and the
 * same facts as rows for the JSON transcript.
 */
final class DemoViews {
    private DemoViews() {
    }

    /** Text and rows of one view. */
    record View(String text, List<Map<String, Object>> rows) {
    }

    /** One node's GPUs. */
    record NodeGpus(String node, Inventory inventory) {
    }

    /** {@code nvidia-smi -L}: GPUs with their UUIDs and, under each, its MIG devices. */
    static View listGpus(List<NodeGpus> nodes) {
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NodeGpus n : nodes) {
            sb.append(n.node()).append(":\n");
            for (GpuInventory g : n.inventory().gpus()) {
                sb.append(String.format("GPU %d: %s (UUID: %s)%n", g.index(), g.name(), g.uuid()));
                int device = 0;
                for (GpuInstanceInfo gi : g.gpuInstances()) {
                    for (ComputeInstanceInfo ci : gi.computeInstances()) {
                        sb.append(String.format("  MIG %-11s Device %2d: (UUID: %s)%n", gi.profileName(), device,
                                ci.migDeviceUuid()));
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("node", n.node());
                        r.put("gpu", g.index());
                        r.put("gpuUuid", g.uuid());
                        r.put("device", device++);
                        r.put("profile", gi.profileName());
                        r.put("migDeviceUuid", ci.migDeviceUuid());
                        rows.add(r);
                    }
                }
            }
        }
        return new View(sb.toString(), rows);
    }

    /** {@code nvidia-smi mig -lgi}: the GPU instances, profile, ID and memory-slice placement. */
    static View gpuInstances(List<NodeGpus> nodes) {
        Table t = new Table("NODE", "GPU", "NAME", "PROFILE_ID", "INSTANCE_ID", "PLACEMENT");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NodeGpus n : nodes) {
            for (GpuInventory g : n.inventory().gpus()) {
                for (GpuInstanceInfo gi : g.gpuInstances()) {
                    t.row(n.node(), g.index(), "MIG " + gi.profileName(), gi.profileId(), gi.id(), gi.placement());
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("node", n.node());
                    r.put("gpu", g.index());
                    r.put("profile", gi.profileName());
                    r.put("profileId", gi.profileId());
                    r.put("gpuInstanceId", gi.id());
                    r.put("placement", Json.placement(gi.placement()));
                    rows.add(r);
                }
            }
        }
        return new View(rows.isEmpty() ? "No GPU instances found: Not Found\n" : text(t), rows);
    }

    /** {@code nvidia-smi mig -lci}: the compute instances with their MIG device UUIDs. */
    static View computeInstances(List<NodeGpus> nodes) {
        Table t = new Table("NODE", "GPU", "GI_ID", "NAME", "PROFILE_ID", "CI_ID", "PLACEMENT", "MIG_DEVICE");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NodeGpus n : nodes) {
            for (GpuInventory g : n.inventory().gpus()) {
                for (GpuInstanceInfo gi : g.gpuInstances()) {
                    for (ComputeInstanceInfo ci : gi.computeInstances()) {
                        t.row(n.node(), g.index(), gi.id(), "MIG " + ci.profileName(), ci.profileId(), ci.id(),
                                ci.placement(), ci.migDeviceUuid());
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("node", n.node());
                        r.put("gpu", g.index());
                        r.put("gpuInstanceId", gi.id());
                        r.put("computeInstanceId", ci.id());
                        r.put("profile", ci.profileName());
                        r.put("migDeviceUuid", ci.migDeviceUuid());
                        rows.add(r);
                    }
                }
            }
        }
        return new View(rows.isEmpty() ? "No compute instances found: Not Found\n" : text(t), rows);
    }

    /**
     * The slice map of each GPU (memory slices x GPU instances, as {@code mig4j inventory} draws it), each instance
     * marked with the pod that holds it ({@code ownerByMigUuid}: MIG device UUID to {@code namespace/pod}), each
     * labelled with its node ({@code node-a100 GPU 0: A100-80GB}).
     */
    static List<SliceMap> sliceMaps(List<NodeGpus> nodes, Map<String, String> ownerByMigUuid) {
        List<SliceMap> maps = new ArrayList<>();
        for (NodeGpus n : nodes) {
            for (GpuInventory g : n.inventory().gpus()) {
                SliceMap map = SliceMap.of(g, ProductCatalog.builtIn()).withOwners(b -> b.migDeviceUuids().stream()
                        .map(ownerByMigUuid::get).filter(java.util.Objects::nonNull).findFirst().orElse(null));
                maps.add(map.withLabel(n.node() + " " + map.label()));
            }
        }
        return maps;
    }

    /** {@link #sliceMaps} as the terminal draws them, and one row per instance for the JSON transcript. */
    static View sliceMap(List<SliceMap> maps, boolean color) {
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SliceMap map : maps) {
            sb.append(map.label()).append('\n').append(SliceMapText.render(map, color));
            String node = map.label().substring(0, map.label().indexOf(' '));
            for (SliceMap.Block b : map.blocks()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("node", node);
                r.put("gpu", map.gpuIndex());
                r.put("gpuInstanceId", b.gpuInstanceId());
                r.put("profile", b.profile());
                r.put("memorySlices", Map.of("start", b.start(), "size", b.size()));
                r.put("owner", b.owner());
                rows.add(r);
            }
        }
        return new View(sb.toString(), rows);
    }

    /** {@code kubectl get pods -o wide} with the MIG device each running pod got, and why a pending one waits. */
    static View pods(FakeCluster cluster, String namespace) {
        KubernetesClient client = cluster.client();
        Table t = new Table("NAME", "STATUS", "NODE", "PROFILE", "DEVICE", "MIG_DEVICE");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace).list().getItems());
        pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        Map<String, String> whyPending = failedScheduling(client, namespace);
        StringBuilder pending = new StringBuilder();
        for (Pod p : pods) {
            String name = p.getMetadata().getName();
            String phase = p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending"
                    : p.getStatus().getPhase();
            String node = p.getSpec().getNodeName();
            List<PreparedDevice> devices = cluster.preparedDevices(namespace, name);
            PreparedDevice d = devices.isEmpty() ? null : devices.get(0);
            t.row(name, phase, node, d == null ? null : d.profile(), d == null ? null : d.device(),
                    d == null ? null : d.migDeviceUuid());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("pod", name);
            r.put("phase", phase);
            r.put("node", node);
            r.put("profile", d == null ? null : d.profile());
            r.put("device", d == null ? null : d.device());
            r.put("migDeviceUuid", d == null ? null : d.migDeviceUuid());
            if ("Pending".equals(phase) && whyPending.containsKey(name)) {
                r.put("failedScheduling", whyPending.get(name));
                pending.append("  ").append(name).append(": Warning FailedScheduling ").append(whyPending.get(name))
                        .append('\n');
            }
            rows.add(r);
        }
        String text = text(t) + (pending.length() == 0 ? "" : "events of the pending pods (kubectl describe pod):\n"
                + pending);
        return new View(text, rows);
    }

    /** The latest FailedScheduling event message of each pod. */
    static Map<String, String> failedScheduling(KubernetesClient client, String namespace) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> when = new HashMap<>();
        for (Event e : client.v1().events().inNamespace(namespace).list().getItems()) {
            if (!"FailedScheduling".equals(e.getReason()) || e.getInvolvedObject() == null) {
                continue;
            }
            String pod = e.getInvolvedObject().getName();
            String at = e.getLastTimestamp() == null ? "" : e.getLastTimestamp();
            if (!out.containsKey(pod) || at.compareTo(when.get(pod)) >= 0) {
                out.put(pod, e.getMessage());
                when.put(pod, at);
            }
        }
        return out;
    }

    /** {@code kubectl get resourceclaims -A -o wide}, with each allocated device's profile from its ResourceSlice. */
    static View claims(KubernetesClient client) {
        Map<String, String> profiles = new HashMap<>();
        for (ResourceSlice s : client.dynamicResourceAllocation().v1().resourcesSlices().list().getItems()) {
            if (s.getSpec().getDevices() == null) {
                continue;
            }
            for (Device d : s.getSpec().getDevices()) {
                var attrs = d.getAttributes();
                var profile = attrs == null ? null : attrs.get(NvidiaDra.ATTR_PROFILE);
                var type = attrs == null ? null : attrs.get(NvidiaDra.ATTR_TYPE);
                profiles.put(s.getSpec().getPool().getName() + "/" + d.getName(), profile != null
                        ? profile.getString() : type != null ? type.getString() : null);
            }
        }
        Table t = new Table("NAMESPACE", "NAME", "STATE", "RESERVED_FOR", "NODE", "DEVICE", "PROFILE");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ResourceClaim> claims = new ArrayList<>(client.dynamicResourceAllocation().v1().resourceClaims()
                .inAnyNamespace().list().getItems());
        claims.sort(Comparator.comparing((ResourceClaim c) -> c.getMetadata().getNamespace())
                .thenComparing(c -> c.getMetadata().getName()));
        for (ResourceClaim c : claims) {
            var status = c.getStatus();
            boolean allocated = status != null && status.getAllocation() != null;
            List<String> reservedFor = status == null || status.getReservedFor() == null ? List.of()
                    : status.getReservedFor().stream().map(r -> r.getName()).toList();
            String state = !allocated ? "pending" : reservedFor.isEmpty() ? "allocated" : "allocated,reserved";
            DeviceRequestAllocationResult result = allocated && status.getAllocation().getDevices() != null
                    && !status.getAllocation().getDevices().getResults().isEmpty()
                    ? status.getAllocation().getDevices().getResults().get(0) : null;
            String profile = result == null ? null : profiles.get(result.getPool() + "/" + result.getDevice());
            t.row(c.getMetadata().getNamespace(), c.getMetadata().getName(), state,
                    reservedFor.isEmpty() ? null : String.join(",", reservedFor),
                    result == null ? null : result.getPool(), result == null ? null : result.getDevice(), profile);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("namespace", c.getMetadata().getNamespace());
            r.put("name", c.getMetadata().getName());
            r.put("state", state);
            r.put("reservedFor", reservedFor);
            r.put("pool", result == null ? null : result.getPool());
            r.put("device", result == null ? null : result.getDevice());
            r.put("profile", profile);
            rows.add(r);
        }
        return new View(rows.isEmpty() ? "No resources found\n" : text(t), rows);
    }

    static String text(Table t) {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        t.print(p);
        p.flush();
        return w.toString();
    }
}
