package io.mig4j.samples.drapublisher;

import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mig4j.api.inventory.Inventory;
import io.mig4j.dra.NvidiaDra;
import io.mig4j.dra.slices.NvidiaResourceSlices;
import io.mig4j.dra.slices.SliceOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Makes the node's pool of {@code gpu.nvidia.com} ResourceSlices match an inventory, the way the ResourceSlice
 * controller of NVIDIA's driver does (kubernetes/dynamic-resource-allocation {@code resourceslice} package): when the
 * devices change, the whole pool is written again with the next {@code spec.pool.generation} and the slices of the
 * older generation are deleted, so that a scheduler never mixes two generations.
 *
 * <p>It keeps no state of its own: what was published is read back from the API server (the slices carry a hash of
 * the pool's content in an annotation), so a new leader continues with the next generation where the old one
 * stopped.
 */
final class SliceSync {
    /** Annotation holding a hash of the pool's devices and counters (without the generation). */
    static final String CONTENT_ANNOTATION = "mig4j.io/pool-content";

    private final KubernetesClient client;
    private final SliceOptions options;
    /** The newest generation this instance wrote: when all slices were deleted, the API server no longer has it. */
    private long lastWritten;

    SliceSync(KubernetesClient client, SliceOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Publishes the slices the inventory calls for, if they differ from the published ones.
     *
     * @param nodeUid the Node's UID, for the owner reference (the slices then go when the Node goes), or null
     * @return the generation now published, and whether this call wrote it
     */
    Result sync(Inventory inventory, String nodeUid) {
        List<ResourceSlice> published = published();
        String content = contentHash(NvidiaResourceSlices.generate(inventory, options.withGeneration(0)));
        long current = published.stream().mapToLong(s -> s.getSpec().getPool().getGeneration()).max().orElse(0);
        boolean upToDate = !published.isEmpty()
                && published.stream().allMatch(s -> content.equals(annotation(s))
                        && s.getSpec().getPool().getGeneration() == current
                        && s.getSpec().getPool().getResourceSliceCount() == published.size());
        if (upToDate) {
            return new Result(current, false);
        }
        long next = Math.max(current, lastWritten) + 1;
        SliceOptions at = options.withGeneration(next).withNodeUid(nodeUid);
        // the new generation first, then the old one goes: a scheduler sees the newest complete pool at any time
        for (ResourceSlice slice : NvidiaResourceSlices.generate(inventory, at)) {
            slice.getMetadata().setAnnotations(new HashMap<>());
            slice.getMetadata().getAnnotations().put(CONTENT_ANNOTATION, content);
            client.dynamicResourceAllocation().v1().resourcesSlices().resource(slice).create();
        }
        for (ResourceSlice old : published) {
            client.dynamicResourceAllocation().v1().resourcesSlices().withName(old.getMetadata().getName()).delete();
        }
        lastWritten = next;
        return new Result(next, true);
    }

    /** This node's slices of NVIDIA's driver, as the API server has them now. */
    List<ResourceSlice> published() {
        return new ArrayList<>(client.dynamicResourceAllocation().v1().resourcesSlices()
                .withField("spec.nodeName", options.nodeName()).withField("spec.driver", NvidiaDra.DRIVER)
                .list().getItems());
    }

    private static String annotation(ResourceSlice s) {
        return s.getMetadata().getAnnotations() == null ? null : s.getMetadata().getAnnotations().get(CONTENT_ANNOTATION);
    }

    /** SHA-256 of the slices' specs, generation-free (they are generated at generation 0). */
    private String contentHash(List<ResourceSlice> slices) {
        List<ResourceSliceSpec> specs = slices.stream().map(ResourceSlice::getSpec).toList();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(client.getKubernetesSerialization().asJson(specs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The pool generation after a sync, and whether the sync wrote it. */
    record Result(long generation, boolean published) {
    }
}
