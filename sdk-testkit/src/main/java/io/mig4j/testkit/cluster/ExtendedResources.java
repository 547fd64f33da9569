package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerExtendedResourceRequest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ExactDeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Extended resources backed by DRA (KEP-5004, {@code DRAExtendedResource}: beta in Kubernetes 1.36, GA in 1.37), as
 * kube-scheduler's DynamicResources plugin handles them in
 * {@code pkg/scheduler/framework/plugins/dynamicresources/extendeddynamicresources.go} (kubernetes/kubernetes
 * 16913111): a DeviceClass maps {@code spec.extendedResourceName}, and always the implicit
 * {@code deviceclass.resource.kubernetes.io/<class>}, to itself ({@code extended/cache.go}); a pod asking for such a
 * resource in {@code resources.requests}/{@code limits} on a node whose {@code status.allocatable} does not offer it
 * gets one special ResourceClaim: {@code generateName <pod>-extended-resources-}, the annotation
 * {@code resource.kubernetes.io/extended-resource-claim: "true"}, the pod as controlling owner, one
 * {@code ExactCount} request {@code container-<i>-request-<j>} per container and resource (i over
 * {@code initContainers ++ containers}, j the index of the resource among the container's sorted request names),
 * requests sorted by name; the pod's {@code status.extendedResourceClaimStatus} maps container and resource to the
 * request ({@code createRequestsAndMappings}).
 */
final class ExtendedResources {
    /** {@code resource.kubernetes.io/extended-resource-claim}: marks the claim the scheduler made for a pod. */
    static final String CLAIM_ANNOTATION = "resource.kubernetes.io/extended-resource-claim";
    /** The implicit extended resource of every class: {@code deviceclass.resource.kubernetes.io/<class>}. */
    static final String IMPLICIT_PREFIX = "deviceclass.resource.kubernetes.io/";
    /** The special claim's name while it exists only in the scheduler's memory (not a valid object name). */
    static final String IN_MEMORY_NAME = "<extended-resources>";

    /** Resource name → class name; a later class (by creation) wins a name two classes claim. */
    private final Map<String, String> classByResource;

    private ExtendedResources(Map<String, String> classByResource) {
        this.classByResource = classByResource;
    }

    /** The mapping the scheduler's extended-resource cache holds for these classes. */
    static ExtendedResources of(List<DeviceClass> classes) {
        List<DeviceClass> byAge = new ArrayList<>(classes);
        byAge.sort(Comparator.comparing((DeviceClass c) -> c.getMetadata().getCreationTimestamp() == null ? ""
                : c.getMetadata().getCreationTimestamp()).thenComparing(c -> resourceVersion(c)));
        Map<String, String> map = new HashMap<>();
        for (DeviceClass c : byAge) {
            String name = c.getMetadata().getName();
            if (c.getSpec() != null && c.getSpec().getExtendedResourceName() != null
                    && !c.getSpec().getExtendedResourceName().isEmpty()) {
                map.put(c.getSpec().getExtendedResourceName(), name);
            }
            map.put(IMPLICIT_PREFIX + name, name);
        }
        return new ExtendedResources(map);
    }

    private static long resourceVersion(DeviceClass c) {
        try {
            return Long.parseLong(c.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    /** The class backing an extended resource, or null. */
    String deviceClass(String resource) {
        return classByResource.get(resource);
    }

    /** Whether the pod asks for a nonzero amount of a resource some class backs ({@code hasDeviceClassMapped...}). */
    boolean usedBy(Pod pod) {
        for (Container c : containers(pod)) {
            for (var e : requests(c).entrySet()) {
                if (isExtendedResourceName(e.getKey()) && classByResource.containsKey(e.getKey())
                        && e.getValue().signum() != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any container asks for an extended resource at all (the filters below have nothing to do if not). */
    static boolean asksExtendedResources(Pod pod) {
        for (Container c : containers(pod)) {
            for (String name : requests(c).keySet()) {
                if (isExtendedResourceName(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The claim the scheduler made for this pod in an earlier cycle ({@code findExtendedResourceClaim}), or null. */
    static ResourceClaim find(Pod pod, List<ResourceClaim> claims) {
        for (ResourceClaim c : claims) {
            if (!c.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                    || c.getMetadata().getAnnotations() == null
                    || !"true".equals(c.getMetadata().getAnnotations().get(CLAIM_ANNOTATION))) {
                continue;
            }
            OwnerReference owner = PodClaims.controllerOf(c);
            if (owner != null && pod.getMetadata().getName().equals(owner.getName())
                    && pod.getMetadata().getUid().equals(owner.getUid())) {
                return c;
            }
        }
        return null;
    }

    /** What the pod needs from one node through DRA: the node's variant of the special claim and its mappings. */
    record NodeClaim(ResourceClaim claim, List<ContainerExtendedResourceRequest> mappings) {
    }

    /** The outcome of {@link #forNode}: a filter reason, or the claim (null when nothing goes through DRA). */
    record NodeFit(String reason, NodeClaim claim) {
    }

    /**
     * {@code filterExtendedResources} for one node: a mapped resource the node does not offer in
     * {@code status.allocatable} goes into the special claim; a resource neither offered nor mapped makes the node
     * unfit (NodeResourcesFit's {@code Insufficient <resource>}, as it runs before DynamicResources).
     */
    NodeFit forNode(Pod pod, Node node) {
        Map<String, BigDecimal> allocatable = new HashMap<>();
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
            node.getStatus().getAllocatable().forEach((k, v) -> allocatable.put(k, Quantity.getAmountInBytes(v)));
        }
        Map<String, BigDecimal> podRequests = podRequests(pod);
        Set<String> throughDra = new TreeSet<>();
        for (var e : podRequests.entrySet()) {
            String resource = e.getKey();
            if (!isExtendedResourceName(resource) || e.getValue().signum() == 0) {
                continue;
            }
            BigDecimal offered = allocatable.get(resource);
            if (classByResource.containsKey(resource) && (offered == null || offered.signum() == 0)) {
                throughDra.add(resource);
            } else if (offered == null || offered.compareTo(e.getValue()) < 0) {
                return new NodeFit("Insufficient " + resource, null);
            }
        }
        if (throughDra.isEmpty()) {
            return new NodeFit(null, null);
        }
        List<DeviceRequest> requests = new ArrayList<>();
        List<ContainerExtendedResourceRequest> mappings = new ArrayList<>();
        createRequestsAndMappings(pod, throughDra, requests, mappings);
        ResourceClaim claim = new ResourceClaim();
        claim.setApiVersion("resource.k8s.io/v1");
        claim.setKind("ResourceClaim");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(IN_MEMORY_NAME);
        meta.setNamespace(pod.getMetadata().getNamespace());
        meta.setGenerateName(pod.getMetadata().getName() + "-extended-resources-");
        meta.setAnnotations(new LinkedHashMap<>(Map.of(CLAIM_ANNOTATION, "true")));
        OwnerReference owner = new OwnerReference();
        owner.setApiVersion("v1");
        owner.setKind("Pod");
        owner.setName(pod.getMetadata().getName());
        owner.setUid(pod.getMetadata().getUid());
        owner.setController(true); // 1.36+ sets no blockOwnerDeletion on this claim
        meta.setOwnerReferences(List.of(owner));
        claim.setMetadata(meta);
        ResourceClaimSpec spec = new ResourceClaimSpec();
        DeviceClaim devices = new DeviceClaim();
        devices.setRequests(requests);
        spec.setDevices(devices);
        claim.setSpec(spec);
        return new NodeFit(null, new NodeClaim(claim, mappings));
    }

    /**
     * One request per container and resource, init containers that are not sidecars reusing the requests of the
     * containers after them and sharing the largest of their own ({@code createRequestsAndMappings}).
     */
    private void createRequestsAndMappings(Pod pod, Set<String> resources, List<DeviceRequest> requests,
                                           List<ContainerExtendedResourceRequest> mappings) {
        List<Container> containers = containers(pod);
        int inits = pod.getSpec().getInitContainers() == null ? 0 : pod.getSpec().getInitContainers().size();
        for (String resource : resources) {
            String className = classByResource.get(resource);
            DeviceRequest[] longLived = new DeviceRequest[containers.size()];
            List<ContainerExtendedResourceRequest> longMappings = new ArrayList<>();
            List<ContainerExtendedResourceRequest> shortMappings = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                if (!shortLived(containers.get(i), i, inits)) {
                    longLived[i] = request(i, containers.get(i), resource, className, List.of(), longMappings);
                }
            }
            DeviceRequest largestShort = null;
            Set<String> shortNames = new HashSet<>();
            for (int i = 0; i < containers.size(); i++) {
                if (shortLived(containers.get(i), i, inits)) {
                    DeviceRequest r = request(i, containers.get(i), resource, className,
                            Arrays.asList(longLived).subList(i, longLived.length), shortMappings);
                    if (r != null) {
                        shortNames.add(r.getName());
                        if (largestShort == null || largestShort.getExactly().getCount() < r.getExactly().getCount()) {
                            largestShort = r;
                        }
                    }
                }
            }
            if (largestShort != null && shortNames.size() > 1) {
                shortNames.remove(largestShort.getName());
                for (ContainerExtendedResourceRequest m : shortMappings) {
                    if (shortNames.contains(m.getRequestName())) {
                        m.setRequestName(largestShort.getName());
                    }
                }
            }
            if (largestShort != null) {
                requests.add(largestShort);
            }
            for (DeviceRequest r : longLived) {
                if (r != null) {
                    requests.add(r);
                }
            }
            mappings.addAll(longMappings);
            mappings.addAll(shortMappings);
        }
        requests.sort(Comparator.comparing(DeviceRequest::getName));
    }

    private static boolean shortLived(Container c, int index, int inits) {
        return index < inits && !"Always".equals(c.getRestartPolicy());
    }

    /** The request of one container for one resource beyond what the reusable requests cover; null when none. */
    private static DeviceRequest request(int index, Container container, String resource, String className,
                                         List<DeviceRequest> reusable, List<ContainerExtendedResourceRequest> mappings) {
        TreeMap<String, BigDecimal> requests = requests(container);
        BigDecimal quantity = requests.get(resource);
        if (quantity == null || quantity.signum() == 0) {
            return null;
        }
        long wanted = quantity.longValue();
        long covered = 0;
        for (DeviceRequest r : reusable) {
            if (r != null) {
                covered += r.getExactly().getCount();
                mappings.add(mapping(container, resource, r.getName()));
                if (covered >= wanted) {
                    return null;
                }
            }
        }
        int resourceIndex = new ArrayList<>(requests.keySet()).indexOf(resource);
        String name = "container-" + index + "-request-" + resourceIndex;
        ExactDeviceRequest exactly = new ExactDeviceRequest();
        exactly.setDeviceClassName(className);
        exactly.setAllocationMode("ExactCount");
        exactly.setCount(wanted - covered);
        DeviceRequest r = new DeviceRequest();
        r.setName(name);
        r.setExactly(exactly);
        mappings.add(mapping(container, resource, name));
        return r;
    }

    private static ContainerExtendedResourceRequest mapping(Container c, String resource, String request) {
        ContainerExtendedResourceRequest m = new ContainerExtendedResourceRequest();
        m.setContainerName(c.getName());
        m.setResourceName(resource);
        m.setRequestName(request);
        return m;
    }

    /**
     * A container's requests as the API server stores them: {@code resources.requests}, defaulted from
     * {@code resources.limits} for every resource with a limit and no request ({@code SetDefaults_Pod}).
     */
    static TreeMap<String, BigDecimal> requests(Container c) {
        TreeMap<String, BigDecimal> out = new TreeMap<>();
        if (c.getResources() == null) {
            return out;
        }
        if (c.getResources().getLimits() != null) {
            c.getResources().getLimits().forEach((k, v) -> out.put(k, Quantity.getAmountInBytes(v)));
        }
        if (c.getResources().getRequests() != null) {
            c.getResources().getRequests().forEach((k, v) -> out.put(k, Quantity.getAmountInBytes(v)));
        }
        return out;
    }

    /**
     * The pod's requests ({@code resourcehelper.PodRequests}, without overhead): the sum over containers and sidecars,
     * at least each plain init container's request plus the sidecars started before it.
     */
    static Map<String, BigDecimal> podRequests(Pod pod) {
        Map<String, BigDecimal> sum = new TreeMap<>();
        for (Container c : pod.getSpec().getContainers()) {
            requests(c).forEach((k, v) -> sum.merge(k, v, BigDecimal::add));
        }
        Map<String, BigDecimal> sidecars = new TreeMap<>();
        Map<String, BigDecimal> initMax = new TreeMap<>();
        for (Container c : pod.getSpec().getInitContainers() == null ? List.<Container>of()
                : pod.getSpec().getInitContainers()) {
            if ("Always".equals(c.getRestartPolicy())) {
                requests(c).forEach((k, v) -> {
                    sum.merge(k, v, BigDecimal::add);
                    sidecars.merge(k, v, BigDecimal::add);
                });
            } else {
                requests(c).forEach((k, v) -> initMax.merge(k, v.add(sidecars.getOrDefault(k, BigDecimal.ZERO)),
                        BigDecimal::max));
            }
        }
        initMax.forEach((k, v) -> sum.merge(k, v, BigDecimal::max));
        return sum;
    }

    /**
     * {@code IsExtendedResourceName} plus the implicit class prefix: a qualified name outside
     * {@code kubernetes.io/} (the implicit prefix aside) that is not a {@code requests.} quota name.
     */
    static boolean isExtendedResourceName(String name) {
        if (name.startsWith(IMPLICIT_PREFIX)) {
            return true;
        }
        int slash = name.indexOf('/');
        if (slash <= 0 || name.startsWith("requests.")) {
            return false;
        }
        String domain = name.substring(0, slash);
        return !domain.equals("kubernetes.io") && !domain.endsWith(".kubernetes.io");
    }

    static List<Container> containers(Pod pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        all.addAll(pod.getSpec().getContainers());
        return all;
    }
}
