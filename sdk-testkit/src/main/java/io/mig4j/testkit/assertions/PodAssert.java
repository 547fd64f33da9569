package io.mig4j.testkit.assertions;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodResourceClaimStatus;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.api.ProfileName;
import io.mig4j.testkit.cluster.FakeCluster;
import io.mig4j.testkit.cluster.PreparedDevice;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Assertions on one pod of a {@link FakeCluster}: its phase and node (as read when the assertion was made), the
 * MIG devices the node's driver prepared for it, its claims and its events. Every failure message shows the pod's
 * phase, node and events, which usually say why.
 */
public final class PodAssert extends AbstractObjectAssert<PodAssert, Pod> {
    private final FakeCluster cluster;

    PodAssert(FakeCluster cluster, Pod pod) {
        super(pod, PodAssert.class);
        this.cluster = cluster;
    }

    /** The pod's phase is {@code Running}. */
    public PodAssert isRunning() {
        return hasPhase("Running");
    }

    /** The pod's phase is {@code Pending} (not scheduled yet, or its claims not prepared yet). */
    public PodAssert isPending() {
        return hasPhase("Pending");
    }

    /** The pod's phase is {@code Succeeded}. */
    public PodAssert hasSucceeded() {
        return hasPhase("Succeeded");
    }

    /** The pod's {@code status.phase} is {@code phase}. */
    public PodAssert hasPhase(String phase) {
        isNotNull();
        if (!phase.equals(phase(actual))) {
            failWithMessage("%nExpecting pod %s to be %s, but it is %s%s", name(), phase, phase(actual), context());
        }
        return this;
    }

    /** The pod is bound to node {@code node}. */
    public PodAssert isScheduledOn(String node) {
        isNotNull();
        if (!node.equals(nodeName())) {
            failWithMessage("%nExpecting pod %s to be scheduled on %s, but it is %s%s", name(), node,
                    nodeName() == null ? "not scheduled" : "on " + nodeName(), context());
        }
        return this;
    }

    /** The pod is bound to no node. */
    public PodAssert isNotScheduled() {
        isNotNull();
        if (nodeName() != null) {
            failWithMessage("%nExpecting pod %s not to be scheduled, but it is on %s%s", name(), nodeName(),
                    context());
        }
        return this;
    }

    /**
     * The node's driver prepared a MIG device of {@code profile} (e.g. {@code 1g.10gb}) for one of the pod's
     * claims: the container really got such a device.
     */
    public PodAssert hasMigDevice(String profile) {
        return hasMigDevices(profile, 1, false);
    }

    /** Exactly {@code count} MIG devices of {@code profile} were prepared for the pod's claims. */
    public PodAssert hasMigDevices(String profile, int count) {
        return hasMigDevices(profile, count, true);
    }

    private PodAssert hasMigDevices(String profile, int count, boolean exactly) {
        isNotNull();
        String wanted = canonical(profile);
        List<PreparedDevice> devices = prepared();
        long found = devices.stream().filter(d -> d.profile() != null && canonical(d.profile()).equals(wanted))
                .count();
        if (exactly ? found != count : found < count) {
            failWithMessage("%nExpecting pod %s to have %s %s MIG device%s, but %s%s", name(),
                    exactly ? "exactly " + count : "a", profile, exactly && count != 1 ? "s" : "",
                    devices.isEmpty() ? "no device was prepared for it" : "it has " + describe(devices), context());
        }
        return this;
    }

    /** No MIG device (and no full GPU) was prepared for the pod. */
    public PodAssert hasNoDevices() {
        isNotNull();
        List<PreparedDevice> devices = prepared();
        if (!devices.isEmpty()) {
            failWithMessage("%nExpecting pod %s to have no devices, but it has %s", name(), describe(devices));
        }
        return this;
    }

    /** Every ResourceClaim the pod uses exists and is allocated. */
    public PodAssert hasAllClaimsAllocated() {
        isNotNull();
        List<String> missing = new ArrayList<>();
        for (String claim : claimNames()) {
            ResourceClaim c = claim == null ? null : cluster.client().dynamicResourceAllocation().v1()
                    .resourceClaims().inNamespace(namespace()).withName(claim).get();
            if (c == null || !ClaimAssert.allocated(c)) {
                missing.add(claim == null ? "(not created yet)" : claim + (c == null ? " (missing)" : " (pending)"));
            }
        }
        if (claimNames().isEmpty() || !missing.isEmpty()) {
            failWithMessage("%nExpecting every claim of pod %s to be allocated, but %s%s", name(),
                    claimNames().isEmpty() ? "the pod has no claims" : "these are not: " + missing, context());
        }
        return this;
    }

    /**
     * The scheduler recorded a {@code FailedScheduling} event for the pod whose message contains {@code text}, e.g.
     * {@code "cannot allocate all claims"}.
     */
    public PodAssert hasFailedSchedulingEventContaining(String text) {
        return hasEventContaining("FailedScheduling", text);
    }

    /** An event of {@code reason} about the pod has a message containing {@code text}. */
    public PodAssert hasEventContaining(String reason, String text) {
        isNotNull();
        List<Event> events = Events.of(cluster.client(), namespace(), "Pod", actual.getMetadata().getName(), null);
        boolean found = events.stream().anyMatch(e -> reason.equals(e.getReason()) && e.getMessage() != null
                && e.getMessage().contains(text));
        if (!found) {
            failWithMessage("%nExpecting a %s event of pod %s containing:%n  \"%s\"%nbut its events are:%n%s", reason,
                    name(), text, Events.describe(events));
        }
        return this;
    }

    /** No event of {@code reason} was recorded for the pod. */
    public PodAssert hasNoEvent(String reason) {
        isNotNull();
        List<Event> events = Events.of(cluster.client(), namespace(), "Pod", actual.getMetadata().getName(), reason);
        if (!events.isEmpty()) {
            failWithMessage("%nExpecting no %s event of pod %s, but found:%n%s", reason, name(),
                    Events.describe(events));
        }
        return this;
    }

    // ------------------------------------------------------------------ helpers

    static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private String name() {
        return namespace() + "/" + actual.getMetadata().getName();
    }

    private String namespace() {
        return actual.getMetadata().getNamespace();
    }

    private String nodeName() {
        String n = actual.getSpec() == null ? null : actual.getSpec().getNodeName();
        return n == null || n.isEmpty() ? null : n;
    }

    private List<PreparedDevice> prepared() {
        return cluster.preparedDevices(namespace(), actual.getMetadata().getName());
    }

    /** The claims the pod uses, by its own claim name order; null where a template's claim is not created yet. */
    private List<String> claimNames() {
        List<String> out = new ArrayList<>();
        if (actual.getSpec() == null || actual.getSpec().getResourceClaims() == null) {
            return out;
        }
        for (PodResourceClaim rc : actual.getSpec().getResourceClaims()) {
            if (rc.getResourceClaimName() != null) {
                out.add(rc.getResourceClaimName());
                continue;
            }
            String generated = null;
            if (actual.getStatus() != null && actual.getStatus().getResourceClaimStatuses() != null) {
                for (PodResourceClaimStatus s : actual.getStatus().getResourceClaimStatuses()) {
                    if (rc.getName().equals(s.getName())) {
                        generated = s.getResourceClaimName();
                    }
                }
            }
            out.add(generated);
        }
        return out;
    }

    /** Phase, node and events of the pod: what explains most failures. */
    private String context() {
        return String.format("%n(pod %s: phase %s, node %s, claims %s)%nevents:%n%s", name(), phase(actual),
                nodeName() == null ? "<none>" : nodeName(), claimNames(), Events.describe(Events.of(cluster.client(),
                        namespace(), "Pod", actual.getMetadata().getName(), null)));
    }

    private static String describe(List<PreparedDevice> devices) {
        return devices.stream().map(d -> (d.profile() == null ? "full GPU " + d.gpuUuid()
                : d.profile() + " " + d.migDeviceUuid()) + " (" + d.device() + ")").toList().toString();
    }

    /** {@code 1g.10gb} and {@code 1c.1g.10gb}-style spellings compare by NVIDIA's canonical name. */
    static String canonical(String profile) {
        try {
            return ProfileName.parse(profile.trim()).toString();
        } catch (RuntimeException e) {
            return profile.trim();
        }
    }
}
