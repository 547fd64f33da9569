package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodResourceClaimStatus;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How Kubernetes' components find a pod's claims and decide whether a pod is done. */
final class PodClaims {
    /** {@code resource.kubernetes.io/pod-claim-name}: which of the pod's claims a generated claim is. */
    static final String POD_CLAIM_NAME = "resource.kubernetes.io/pod-claim-name";
    /** The finalizer the scheduler adds before allocating. */
    static final String DELETE_PROTECTION = "resource.kubernetes.io/delete-protection";

    private PodClaims() {
    }

    /**
     * The ResourceClaim name of each of the pod's claims, by pod claim name ({@code resourceClaimName}, or the
     * generated name in {@code status.resourceClaimStatuses}); null where the claim is not created yet.
     */
    static Map<String, String> claimNames(Pod pod) {
        Map<String, String> generated = new LinkedHashMap<>();
        if (pod.getStatus() != null && pod.getStatus().getResourceClaimStatuses() != null) {
            for (PodResourceClaimStatus s : pod.getStatus().getResourceClaimStatuses()) {
                generated.put(s.getName(), s.getResourceClaimName());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (PodResourceClaim c : podClaims(pod)) {
            out.put(c.getName(), c.getResourceClaimName() != null ? c.getResourceClaimName() : generated.get(c.getName()));
        }
        return out;
    }

    /**
     * {@link #claimNames(Pod)} plus the claim the scheduler made for the pod's DRA-backed extended resources
     * ({@code status.extendedResourceClaimStatus.resourceClaimName}) under {@link ExtendedResources#IN_MEMORY_NAME},
     * which the kubelet treats as one more pod claim.
     */
    static Map<String, String> allClaimNames(Pod pod) {
        Map<String, String> out = claimNames(pod);
        String extended = extendedClaimName(pod);
        if (extended != null) {
            out.put(ExtendedResources.IN_MEMORY_NAME, extended);
        }
        return out;
    }

    /** The name of the scheduler's claim for the pod's extended resources, or null. */
    static String extendedClaimName(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getExtendedResourceClaimStatus() == null ? null
                : pod.getStatus().getExtendedResourceClaimStatus().getResourceClaimName();
    }

    static List<PodResourceClaim> podClaims(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getResourceClaims() == null ? List.of()
                : pod.getSpec().getResourceClaims();
    }

    /**
     * The resourceclaim controller's {@code isPodDone}: Succeeded or Failed, or being deleted before it was
     * scheduled.
     */
    static boolean isDone(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return true;
        }
        return pod.getMetadata().getDeletionTimestamp() != null
                && (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty());
    }

    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static String key(Pod pod) {
        return key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    static String key(ResourceClaim claim) {
        return key(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
    }

    /** The controller owner reference, or null. */
    static OwnerReference controllerOf(io.fabric8.kubernetes.api.model.HasMetadata o) {
        if (o.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    static boolean reservedFor(ResourceClaim claim, String podUid) {
        return claim.getStatus() != null && claim.getStatus().getReservedFor() != null
                && claim.getStatus().getReservedFor().stream().anyMatch(r -> podUid.equals(r.getUid()));
    }

    static boolean allocated(ResourceClaim claim) {
        return claim.getStatus() != null && claim.getStatus().getAllocation() != null;
    }
}
