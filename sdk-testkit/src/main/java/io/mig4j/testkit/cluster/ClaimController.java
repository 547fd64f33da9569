package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimConsumerReference;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * The resourceclaim controller of kube-controller-manager ({@code pkg/controller/resourceclaim/controller.go}):
 * creates a pod's claims from its ResourceClaimTemplates ({@code generateName <pod>-<claim>-}, the
 * {@code resource.kubernetes.io/pod-claim-name} annotation, the pod as controlling owner) and records them in
 * {@code status.resourceClaimStatuses}; drops reservations of pods that are gone or done, deallocates claims that
 * nobody reserves any more, removes the delete-protection finalizer and deletes generated claims whose pod is done.
 */
final class ClaimController implements Controller {
    private final KubernetesClient client;
    private final TreeWrites writes;
    private final ClusterCache cache;
    private final NameGenerator names;
    private final EventRecorder events;

    ClaimController(KubernetesClient client, TreeWrites writes, ClusterCache cache, NameGenerator names,
                    EventRecorder events) {
        this.client = client;
        this.writes = writes;
        this.cache = cache;
        this.names = names;
        this.events = events;
    }

    @Override
    public String name() {
        return "resourceclaim-controller";
    }

    @Override
    public void sync() {
        List<Pod> pods = cache.pods.list();
        List<ResourceClaim> claims = cache.claims.list();
        Map<String, Pod> podsByKey = new HashMap<>();
        for (Pod p : pods) {
            podsByKey.put(PodClaims.key(p), p);
        }
        // the claims a pod owns, by owner UID and pod claim name: the lookup the real controller does by index
        Map<String, ResourceClaim> owned = new HashMap<>();
        for (ResourceClaim c : claims) {
            OwnerReference owner = PodClaims.controllerOf(c);
            if (owner != null && c.getMetadata().getAnnotations() != null
                    && c.getMetadata().getAnnotations().get(PodClaims.POD_CLAIM_NAME) != null) {
                owned.putIfAbsent(ownedKey(owner.getUid(), c.getMetadata().getNamespace(),
                        c.getMetadata().getAnnotations().get(PodClaims.POD_CLAIM_NAME)), c);
            }
        }
        for (Pod pod : pods) {
            if (!PodClaims.isDone(pod)) {
                createClaims(pod, owned);
            }
        }
        for (ResourceClaim claim : claims) {
            syncClaim(claim, podsByKey);
        }
    }

    private static String ownedKey(String ownerUid, String namespace, String podClaimName) {
        return ownerUid + "|" + namespace + "|" + podClaimName;
    }

    private void createClaims(Pod pod, Map<String, ResourceClaim> owned) {
        Map<String, String> known = PodClaims.claimNames(pod);
        Map<String, String> created = new LinkedHashMap<>();
        String ns = pod.getMetadata().getNamespace();
        for (PodResourceClaim pc : PodClaims.podClaims(pod)) {
            if (pc.getResourceClaimTemplateName() == null || known.get(pc.getName()) != null) {
                continue;
            }
            ResourceClaim existing = owned.get(ownedKey(pod.getMetadata().getUid(), ns, pc.getName()));
            if (existing != null) {
                created.put(pc.getName(), existing.getMetadata().getName());
                continue;
            }
            ResourceClaimTemplate template = cache.templates.get(ns, pc.getResourceClaimTemplateName());
            if (template == null) {
                events.record(pod, "Warning", "FailedResourceClaimCreation", null, "PodResourceClaim "
                        + pc.getName() + ": resource claim template \"" + pc.getResourceClaimTemplateName()
                        + "\": resourceclaimtemplates.resource.k8s.io \"" + pc.getResourceClaimTemplateName()
                        + "\" not found", "resource_claim", null);
                continue;
            }
            // the claim is written as a tree made from the cached template's, not as a fabric8 object: one per pod
            JsonNode templateTree = cache.templates.tree(template);
            ObjectNode claim = JsonNodeFactory.instance.objectNode();
            claim.put("apiVersion", "resource.k8s.io/v1");
            claim.put("kind", "ResourceClaim");
            ObjectNode meta = claim.putObject("metadata");
            String generateName = NameGenerator.claimGenerateName(pod.getMetadata().getName(), pc.getName());
            meta.put("generateName", generateName);
            meta.put("name", names.generate(generateName));
            meta.put("namespace", ns);
            JsonNode templateMeta = templateTree.path("spec").path("metadata");
            if (templateMeta.get("labels") instanceof ObjectNode labels) {
                meta.set("labels", labels.deepCopy());
            }
            ObjectNode annotations = meta.putObject("annotations");
            if (templateMeta.get("annotations") instanceof ObjectNode templateAnnotations) {
                annotations.setAll(templateAnnotations.deepCopy());
            }
            annotations.put(PodClaims.POD_CLAIM_NAME, pc.getName());
            meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Pod")
                    .put("name", pod.getMetadata().getName()).put("uid", pod.getMetadata().getUid())
                    .put("controller", true).put("blockOwnerDeletion", true);
            JsonNode spec = templateTree.path("spec").get("spec");
            if (spec != null) {
                claim.set("spec", spec.deepCopy());
            }
            String name = writes.create(TreeWrites.CLAIMS, ns, claim);
            ResourceClaim stored = cache.claims.get(ns, name);
            owned.put(ownedKey(pod.getMetadata().getUid(), ns, pc.getName()), stored);
            created.put(pc.getName(), name);
        }
        if (created.isEmpty()) {
            return;
        }
        CachedWrites.edit(writes, TreeWrites.PODS, cache.pods, pod, true, body -> {
            ArrayNode statuses = body.withObject("status").withArray("resourceClaimStatuses");
            created.forEach((name, claimName) -> {
                for (JsonNode s : statuses) {
                    if (name.equals(s.path("name").asString())) {
                        return;
                    }
                }
                statuses.addObject().put("name", name).put("resourceClaimName", claimName);
            });
        }, 404);
    }

    private void syncClaim(ResourceClaim claim, Map<String, Pod> pods) {
        String ns = claim.getMetadata().getNamespace();
        List<ResourceClaimConsumerReference> reserved = claim.getStatus() == null
                || claim.getStatus().getReservedFor() == null ? List.of() : claim.getStatus().getReservedFor();
        List<ResourceClaimConsumerReference> keep = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (ResourceClaimConsumerReference r : reserved) {
            if (!"pods".equals(r.getResource()) || r.getApiGroup() != null && !r.getApiGroup().isEmpty()) {
                keep.add(r);
                continue;
            }
            Pod p = pods.get(PodClaims.key(ns, r.getName()));
            if (p != null && p.getMetadata().getUid().equals(r.getUid()) && !PodClaims.isDone(p)) {
                keep.add(r);
            } else {
                dropped.add(r.getUid());
            }
        }
        boolean finalizer = claim.getMetadata().getFinalizers() != null
                && claim.getMetadata().getFinalizers().contains(PodClaims.DELETE_PROTECTION);
        try {
            if (keep.size() != reserved.size() || keep.isEmpty() && finalizer && PodClaims.allocated(claim)) {
                // drops the reservations of pods that are gone or done (by UID: a retry on a newer version keeps
                // what was reserved since) and deallocates when nobody is left
                CachedWrites.edit(writes, TreeWrites.CLAIMS, cache.claims, claim, true, body -> {
                    ObjectNode status = body.withObject("status");
                    ArrayNode left = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode r : status.path("reservedFor")) {
                        if (!"pods".equals(r.path("resource").asString())
                                || !r.path("apiGroup").asString("").isEmpty()
                                || !dropped.contains(r.path("uid").asString())) {
                            left.add(r);
                        }
                    }
                    if (left.isEmpty()) {
                        status.remove("reservedFor");
                        if (finalizer) {
                            status.remove("allocation");
                        }
                    } else {
                        status.set("reservedFor", left);
                    }
                });
                claim = cache.claims.get(ns, claim.getMetadata().getName());
                if (claim == null) {
                    return;
                }
            }
            if (keep.isEmpty() && finalizer && !PodClaims.allocated(claim)) {
                claim = claims(ns).withName(claim.getMetadata().getName()).edit(c -> {
                    List<String> f = new ArrayList<>(c.getMetadata().getFinalizers());
                    f.remove(PodClaims.DELETE_PROTECTION);
                    c.getMetadata().setFinalizers(f);
                    return c;
                });
            }
            OwnerReference owner = PodClaims.controllerOf(claim);
            if (keep.isEmpty() && claim.getMetadata().getDeletionTimestamp() == null && owner != null
                    && "Pod".equals(owner.getKind()) && "v1".equals(owner.getApiVersion())) {
                Pod p = pods.get(PodClaims.key(ns, owner.getName()));
                if (p != null && (PodClaims.isDone(p) || !p.getMetadata().getUid().equals(owner.getUid()))) {
                    claims(ns).withName(claim.getMetadata().getName()).delete();
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** fabric8's claim operations, made only when a claim needs a write (this runs for every claim every round). */
    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<ResourceClaim, ?,
            io.fabric8.kubernetes.client.dsl.Resource<ResourceClaim>> claims(String namespace) {
        return client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(namespace);
    }
}
