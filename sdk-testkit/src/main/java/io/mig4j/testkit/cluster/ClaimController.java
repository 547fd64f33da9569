package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodResourceClaimStatus;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimConsumerReference;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resourceclaim controller of kube-controller-manager ({@code pkg/controller/resourceclaim/controller.go}):
 * creates a pod's claims from its ResourceClaimTemplates ({@code generateName <pod>-<claim>-}, the
 * {@code resource.kubernetes.io/pod-claim-name} annotation, the pod as controlling owner) and records them in
 * {@code status.resourceClaimStatuses}; drops reservations of pods that are gone or done, deallocates claims that
 * nobody reserves any more, removes the delete-protection finalizer and deletes generated claims whose pod is done.
 */
final class ClaimController implements Controller {
    private final KubernetesClient client;
    private final NameGenerator names;
    private final EventRecorder events;

    ClaimController(KubernetesClient client, NameGenerator names, EventRecorder events) {
        this.client = client;
        this.names = names;
        this.events = events;
    }

    @Override
    public String name() {
        return "resourceclaim-controller";
    }

    @Override
    public void sync() {
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        List<ResourceClaim> claims = client.dynamicResourceAllocation().v1().resourceClaims().inAnyNamespace().list()
                .getItems();
        Map<String, Pod> podsByKey = new HashMap<>();
        for (Pod p : pods) {
            podsByKey.put(PodClaims.key(p), p);
        }
        Map<String, ResourceClaimTemplate> templates = new HashMap<>();
        for (Pod pod : pods) {
            if (!PodClaims.isDone(pod)) {
                createClaims(pod, claims, templates);
            }
        }
        for (ResourceClaim claim : claims) {
            syncClaim(claim, podsByKey);
        }
    }

    private void createClaims(Pod pod, List<ResourceClaim> claims, Map<String, ResourceClaimTemplate> templates) {
        Map<String, String> known = PodClaims.claimNames(pod);
        Map<String, String> created = new LinkedHashMap<>();
        String ns = pod.getMetadata().getNamespace();
        for (PodResourceClaim pc : PodClaims.podClaims(pod)) {
            if (pc.getResourceClaimTemplateName() == null || known.get(pc.getName()) != null) {
                continue;
            }
            ResourceClaim existing = findOwned(claims, pod, pc.getName());
            if (existing != null) {
                created.put(pc.getName(), existing.getMetadata().getName());
                continue;
            }
            // one read per template and pass, as an informer cache would serve it
            ResourceClaimTemplate template = templates.computeIfAbsent(PodClaims.key(ns,
                    pc.getResourceClaimTemplateName()), k -> client.dynamicResourceAllocation().v1()
                    .resourceClaimTemplates().inNamespace(ns).withName(pc.getResourceClaimTemplateName()).get());
            if (template == null) {
                events.record(pod, "Warning", "FailedResourceClaimCreation", null, "PodResourceClaim "
                        + pc.getName() + ": resource claim template \"" + pc.getResourceClaimTemplateName()
                        + "\": resourceclaimtemplates.resource.k8s.io \"" + pc.getResourceClaimTemplateName()
                        + "\" not found", "resource_claim", null);
                continue;
            }
            ResourceClaim claim = new ResourceClaim();
            claim.setApiVersion("resource.k8s.io/v1");
            claim.setKind("ResourceClaim");
            ObjectMeta meta = new ObjectMeta();
            String generateName = NameGenerator.claimGenerateName(pod.getMetadata().getName(), pc.getName());
            meta.setGenerateName(generateName);
            meta.setName(names.generate(generateName));
            meta.setNamespace(ns);
            Map<String, String> annotations = new LinkedHashMap<>();
            if (template.getSpec().getMetadata() != null) {
                if (template.getSpec().getMetadata().getLabels() != null) {
                    meta.setLabels(new LinkedHashMap<>(template.getSpec().getMetadata().getLabels()));
                }
                if (template.getSpec().getMetadata().getAnnotations() != null) {
                    annotations.putAll(template.getSpec().getMetadata().getAnnotations());
                }
            }
            annotations.put(PodClaims.POD_CLAIM_NAME, pc.getName());
            meta.setAnnotations(annotations);
            OwnerReference owner = new OwnerReference();
            owner.setApiVersion("v1");
            owner.setKind("Pod");
            owner.setName(pod.getMetadata().getName());
            owner.setUid(pod.getMetadata().getUid());
            owner.setController(true);
            owner.setBlockOwnerDeletion(true);
            meta.setOwnerReferences(List.of(owner));
            claim.setMetadata(meta);
            claim.setSpec(template.getSpec().getSpec());
            ResourceClaim stored = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(ns)
                    .resource(claim).create();
            claims.add(stored);
            created.put(pc.getName(), stored.getMetadata().getName());
        }
        if (created.isEmpty()) {
            return;
        }
        try {
            client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
                List<PodResourceClaimStatus> statuses = p.getStatus().getResourceClaimStatuses() == null
                        ? new ArrayList<>() : new ArrayList<>(p.getStatus().getResourceClaimStatuses());
                created.forEach((name, claimName) -> {
                    if (statuses.stream().noneMatch(s -> s.getName().equals(name))) {
                        statuses.add(new PodResourceClaimStatus(name, claimName));
                    }
                });
                p.getStatus().setResourceClaimStatuses(statuses);
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static ResourceClaim findOwned(List<ResourceClaim> claims, Pod pod, String podClaimName) {
        for (ResourceClaim c : claims) {
            OwnerReference owner = PodClaims.controllerOf(c);
            if (owner != null && pod.getMetadata().getUid().equals(owner.getUid())
                    && c.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                    && c.getMetadata().getAnnotations() != null
                    && podClaimName.equals(c.getMetadata().getAnnotations().get(PodClaims.POD_CLAIM_NAME))) {
                return c;
            }
        }
        return null;
    }

    private void syncClaim(ResourceClaim claim, Map<String, Pod> pods) {
        String ns = claim.getMetadata().getNamespace();
        List<ResourceClaimConsumerReference> reserved = claim.getStatus() == null
                || claim.getStatus().getReservedFor() == null ? List.of() : claim.getStatus().getReservedFor();
        List<ResourceClaimConsumerReference> keep = new ArrayList<>();
        for (ResourceClaimConsumerReference r : reserved) {
            if (!"pods".equals(r.getResource()) || r.getApiGroup() != null && !r.getApiGroup().isEmpty()) {
                keep.add(r);
                continue;
            }
            Pod p = pods.get(PodClaims.key(ns, r.getName()));
            if (p != null && p.getMetadata().getUid().equals(r.getUid()) && !PodClaims.isDone(p)) {
                keep.add(r);
            }
        }
        boolean finalizer = claim.getMetadata().getFinalizers() != null
                && claim.getMetadata().getFinalizers().contains(PodClaims.DELETE_PROTECTION);
        var claims = client.dynamicResourceAllocation().v1().resourceClaims().inNamespace(ns);
        try {
            if (keep.size() != reserved.size() || keep.isEmpty() && finalizer && PodClaims.allocated(claim)) {
                claim.getStatus().setReservedFor(keep.isEmpty() ? null : keep);
                if (keep.isEmpty() && finalizer) {
                    claim.getStatus().setAllocation(null);
                }
                claim = claims.resource(claim).updateStatus();
            }
            if (keep.isEmpty() && finalizer && !PodClaims.allocated(claim)) {
                claim = claims.withName(claim.getMetadata().getName()).edit(c -> {
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
                    claims.withName(claim.getMetadata().getName()).delete();
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }
}
