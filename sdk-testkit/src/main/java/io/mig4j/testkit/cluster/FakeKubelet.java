package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mig4j.testkit.nvml.FakeNvml;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet of one fake node. For each pod bound to the node it checks what the real kubelet checks before
 * calling a DRA driver (the claim exists, the pod is in its {@code reservedFor}; the driver is registered), prepares
 * the claims through the node's {@link FakeNvidiaDriver} and marks the pod Running, each container with the CDI
 * device IDs of the claims it references. A failed prepare leaves the pod Pending with its containers waiting in
 * {@code ContainerCreating} and a {@code FailedPrepareDynamicResources} event, and is retried when the claims or the
 * GPUs change and once per {@link FakeCluster#awaitIdle()}. A running container is a process on each of its MIG devices (so NVML reports them in use);
 * a pod that terminates or is deleted has its containers stopped and its claims unprepared, and a deleted pod is
 * then removed from the API server (the kubelet's final zero-grace delete).
 */
final class FakeKubelet implements Controller {
    private final FakeNode node;
    private final KubernetesClient client;
    private final ClusterCache cache;
    private final EventRecorder events;
    private final TreeWrites writes;
    private final int nodeIndex;
    /** Pod UID → the MIG UUIDs its containers run processes on. */
    private final Map<String, List<String>> processes = new HashMap<>();
    /** Pod UID → the claim UIDs prepared for it. */
    private final Map<String, List<String>> podClaims = new HashMap<>();
    /** Pod UID → the CDI device IDs of each container. */
    private final Map<String, Map<String, List<String>>> cdiDevices = new HashMap<>();
    /** Pod UID → what a failed prepare last saw, so that it is retried only after a change. */
    private final Map<String, String> failedPrepare = new HashMap<>();
    /** Pod keys a test asked to end, with the phase to end in. */
    private final Map<String, String> terminations = new LinkedHashMap<>();
    private int nextIp = 2;

    private final java.util.function.LongSupplier retryEpoch;

    FakeKubelet(FakeNode node, KubernetesClient client, TreeWrites writes, ClusterCache cache, EventRecorder events,
                int nodeIndex, java.util.function.LongSupplier retryEpoch) {
        this.retryEpoch = retryEpoch;
        this.writes = writes;
        this.cache = cache;
        this.node = node;
        this.client = client;
        this.events = events;
        this.nodeIndex = nodeIndex;
    }

    @Override
    public String name() {
        return "kubelet/" + node.name();
    }

    synchronized void terminate(String namespace, String pod, boolean succeeded) {
        terminations.put(PodClaims.key(namespace, pod), succeeded ? "Succeeded" : "Failed");
    }

    synchronized Map<String, List<String>> cdiDevices(String podUid) {
        return cdiDevices.getOrDefault(podUid, Map.of());
    }

    @Override
    public synchronized void sync() {
        List<Pod> pods = cache.podsOn(node.name());
        if (pods.isEmpty() && processes.isEmpty() && podClaims.isEmpty() && failedPrepare.isEmpty()) {
            return;
        }
        Set<String> alive = new HashSet<>();
        for (Pod pod : pods) {
            if (!node.name().equals(pod.getSpec().getNodeName())) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            alive.add(uid);
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                stop(uid, pods);
                try {
                    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                            .withGracePeriod(0).delete();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
                alive.remove(uid);
            } else if (PodClaims.isTerminal(pod)) {
                stop(uid, pods);
            } else if (terminations.containsKey(PodClaims.key(pod))) {
                end(pod, terminations.remove(PodClaims.key(pod)));
                stop(uid, pods);
            } else if (!"Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
                start(pod);
            }
        }
        for (String uid : new ArrayList<>(processes.keySet())) {
            if (!alive.contains(uid)) {
                stop(uid, pods);
            }
        }
        for (String uid : new ArrayList<>(podClaims.keySet())) {
            if (!alive.contains(uid)) {
                stop(uid, pods);
            }
        }
        failedPrepare.keySet().retainAll(alive);
    }

    private void start(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> names = PodClaims.allClaimNames(pod);
        List<io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim> claims = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        for (var e : names.entrySet()) {
            if (e.getValue() == null) {
                return; // the claim is not created yet: the kubelet waits
            }
            var claim = cache.claims.get(ns, e.getValue());
            if (claim == null) {
                return;
            }
            seen.append(claim.getMetadata().getUid()).append('@').append(claim.getMetadata().getResourceVersion());
            claims.add(claim);
        }
        // retried after a change of the claims or the GPUs, and once per awaitIdle or background pass (the real
        // kubelet retries with a back-off)
        seen.append('#').append(node.driver().preparedClaimCount()).append('#').append(retryEpoch.getAsLong());
        // the GPUs' state only matters for a retry: read it (dozens of NVML calls) only after a failure
        if (failedPrepare.containsKey(uid)
                && (seen + "#" + node.driver().inventory().hashCode()).equals(failedPrepare.get(uid))) {
            return;
        }
        Map<String, PreparedClaim> prepared = new LinkedHashMap<>();
        try {
            for (var claim : claims) {
                if (!PodClaims.reservedFor(claim, uid)) {
                    throw new PrepareFailure("pod " + pod.getMetadata().getName() + " (" + uid
                            + ") is not allowed to use ResourceClaim " + claim.getMetadata().getName() + " ("
                            + claim.getMetadata().getUid() + ")");
                }
                PreparedClaim p = node.driver().prepare(claim);
                prepared.put(podClaimName(names, claim.getMetadata().getName()), p);
                List<String> held = podClaims.computeIfAbsent(uid, k -> new ArrayList<>());
                if (!held.contains(p.uid())) {
                    held.add(p.uid());
                }
            }
        } catch (PrepareFailure | FakeNvidiaDriver.PrepareException | io.mig4j.nvml.NvmlException e) {
            String message = e instanceof PrepareFailure ? e.getMessage()
                    : "Failed to prepare dynamic resources: prepare dynamic resources: NodePrepareResources: rpc error: "
                    + "code = Unknown desc = error preparing devices for claim: " + e.getMessage();
            failedPrepare.put(uid, seen + "#" + node.driver().inventory().hashCode());
            events.record(pod, "Warning", "FailedPrepareDynamicResources", null, message, "kubelet", node.name());
            waiting(pod);
            return;
        }
        failedPrepare.remove(uid);
        Map<String, List<String>> perContainer = new LinkedHashMap<>();
        List<String> migUuids = new ArrayList<>();
        for (Container c : containers(pod)) {
            List<String> ids = new ArrayList<>();
            if (c.getResources() != null && c.getResources().getClaims() != null) {
                for (ResourceClaim rc : c.getResources().getClaims()) {
                    PreparedClaim p = prepared.get(rc.getName());
                    if (p == null) {
                        continue;
                    }
                    for (PreparedDevice d : p.devices()) {
                        if (rc.getRequest() == null || rc.getRequest().isEmpty() || d.request().equals(rc.getRequest())
                                || d.request().startsWith(rc.getRequest() + "/")) {
                            ids.add(d.cdiDeviceId());
                            if (d.migDeviceUuid() != null) {
                                migUuids.add(d.migDeviceUuid());
                            }
                        }
                    }
                }
            }
            extendedResourceDevices(pod, c, prepared.get(ExtendedResources.IN_MEMORY_NAME), ids, migUuids);
            perContainer.put(c.getName(), ids);
        }
        FakeNvml nvml = node.nvml();
        for (String u : migUuids) {
            nvml.attachProcess(u);
        }
        processes.put(uid, migUuids);
        cdiDevices.put(uid, perContainer);
        running(pod);
    }

    /** The devices of the extended-resource claim's requests that {@code requestMappings} give this container. */
    private static void extendedResourceDevices(Pod pod, Container c, PreparedClaim prepared, List<String> ids,
                                                List<String> migUuids) {
        if (prepared == null || pod.getStatus().getExtendedResourceClaimStatus().getRequestMappings() == null) {
            return;
        }
        for (var m : pod.getStatus().getExtendedResourceClaimStatus().getRequestMappings()) {
            if (!c.getName().equals(m.getContainerName())) {
                continue;
            }
            for (PreparedDevice d : prepared.devices()) {
                if (d.request().equals(m.getRequestName()) && !ids.contains(d.cdiDeviceId())) {
                    ids.add(d.cdiDeviceId());
                    if (d.migDeviceUuid() != null) {
                        migUuids.add(d.migDeviceUuid());
                    }
                }
            }
        }
    }

    private static String podClaimName(Map<String, String> names, String claimName) {
        for (var e : names.entrySet()) {
            if (claimName.equals(e.getValue())) {
                return e.getKey();
            }
        }
        return claimName;
    }

    private static List<Container> containers(Pod pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        all.addAll(pod.getSpec().getContainers());
        return all;
    }

    /** Stops the pod's containers and unprepares claims no other live pod on this node holds. */
    private void stop(String uid, List<Pod> pods) {
        List<String> running = processes.remove(uid);
        if (running != null) {
            for (String u : running) {
                try {
                    node.nvml().detachProcess(u);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // the MIG device is gone (reset or reconfigured underneath): no process left to end
                }
            }
        }
        List<String> claims = podClaims.remove(uid);
        if (claims == null) {
            return;
        }
        Set<String> stillUsed = new HashSet<>();
        for (Pod p : pods) {
            if (!p.getMetadata().getUid().equals(uid) && p.getMetadata().getDeletionTimestamp() == null
                    && !PodClaims.isTerminal(p)) {
                stillUsed.addAll(podClaims.getOrDefault(p.getMetadata().getUid(), List.of()));
            }
        }
        for (String claimUid : claims) {
            if (!stillUsed.contains(claimUid)) {
                node.driver().unprepare(claimUid);
            }
        }
        cdiDevices.remove(uid);
    }

    private String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void running(Pod pod) {
        String ip = "10.244." + nodeIndex + "." + (nextIp++ % 250 + 2);
        String now = now();
        editStatus(pod, s -> {
            s.put("phase", "Running");
            s.put("hostIP", node.internalIp());
            s.put("podIP", ip);
            s.putArray("podIPs").addObject().put("ip", ip);
            if (!s.has("startTime")) {
                s.put("startTime", now);
            }
            conditions(s, "True", now);
            containerStatuses(s, pod, true, state -> state.putObject("running").put("startedAt", now));
        });
    }

    private void waiting(Pod pod) {
        String now = now();
        editStatus(pod, s -> {
            s.put("phase", "Pending");
            s.put("hostIP", node.internalIp());
            conditions(s, "False", now);
            containerStatuses(s, pod, false, state -> state.putObject("waiting").put("reason", "ContainerCreating"));
        });
    }

    private void end(Pod pod, String phase) {
        String now = now();
        int exitCode = "Succeeded".equals(phase) ? 0 : 1;
        editStatus(pod, s -> {
            s.put("phase", phase);
            containerStatuses(s, pod, false, state -> state.putObject("terminated").put("exitCode", exitCode)
                    .put("reason", exitCode == 0 ? "Completed" : "Error").put("finishedAt", now));
            for (JsonNode c : s.path("conditions")) {
                String type = c.path("type").asString();
                if (c instanceof ObjectNode condition && ("Ready".equals(type) || "ContainersReady".equals(type))) {
                    condition.put("status", "False").put("reason", "PodCompleted");
                }
            }
        });
    }

    /** One status per container of the pod, ready and started only while {@code running}, in {@code state}. */
    private static void containerStatuses(ObjectNode status, Pod pod, boolean running,
                                          java.util.function.Consumer<ObjectNode> state) {
        ArrayNode statuses = status.putArray("containerStatuses");
        for (Container c : pod.getSpec().getContainers()) {
            ObjectNode cs = statuses.addObject().put("name", c.getName());
            if (c.getImage() != null) {
                cs.put("image", c.getImage());
            }
            cs.put("imageID", "").put("restartCount", 0).put("ready", running).put("started", running);
            state.accept(cs.putObject("state"));
        }
    }

    /** The kubelet's pod conditions ({@code Initialized} is true once the pod is on the node), keeping PodScheduled. */
    private static void conditions(ObjectNode status, String ready, String now) {
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady")) {
            conditions.addObject().put("type", type).put("status", "Initialized".equals(type) ? "True" : ready)
                    .put("lastTransitionTime", now);
        }
        for (JsonNode c : status.path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asString())) {
                conditions.add(c);
            }
        }
        status.set("conditions", conditions);
    }

    /**
     * Edits the pod's status as the cached tree: every pod goes through here two or three times, and a fabric8 copy
     * converted each way cost more than the rest of the kubelet's work.
     */
    private void editStatus(Pod pod, java.util.function.Consumer<ObjectNode> change) {
        CachedWrites.edit(writes, TreeWrites.PODS, cache.pods, pod, true,
                body -> change.accept(body.withObject("status")), 404, 409);
    }

    /** A check before the driver is called failed. */
    private static final class PrepareFailure extends RuntimeException {
        PrepareFailure(String message) {
            super(message);
        }
    }
}
