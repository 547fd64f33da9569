package io.mig4j.dra;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Wires claims into pods and workloads the way Kubernetes expects: an entry in {@code spec.resourceClaims} (from a
 * template or an existing claim) and a reference in {@code containers[].resources.claims}, optionally to one
 * request of the claim. With DRA extended resources (a DeviceClass with {@code extendedResourceName}, GA in
 * Kubernetes 1.37) a container asks with {@code resources.limits} instead ({@link #withExtendedResource}).
 * Every method returns a modified copy; the input is not changed.
 */
public final class Workloads {
    private Workloads() {
    }

    /** A pod claim generated from a ResourceClaimTemplate for each pod. */
    public static PodResourceClaim fromTemplate(String name, String templateName) {
        PodResourceClaim c = new PodResourceClaim();
        c.setName(Objects.requireNonNull(name, "name"));
        c.setResourceClaimTemplateName(Objects.requireNonNull(templateName, "templateName"));
        return c;
    }

    /** A pod claim that uses an existing ResourceClaim (shared by every pod that names it). */
    public static PodResourceClaim fromClaim(String name, String claimName) {
        PodResourceClaim c = new PodResourceClaim();
        c.setName(Objects.requireNonNull(name, "name"));
        c.setResourceClaimName(Objects.requireNonNull(claimName, "claimName"));
        return c;
    }

    /**
     * Adds the claim to the pod spec and lets the named containers use all its devices (every container when none is
     * named).
     */
    public static PodSpec withClaim(PodSpec spec, PodResourceClaim claim, String... containers) {
        return withClaimRequest(spec, claim, null, containers);
    }

    /** Like {@link #withClaim(PodSpec, PodResourceClaim, String...)}, but the containers get one request of it. */
    public static PodSpec withClaimRequest(PodSpec spec, PodResourceClaim claim, String request, String... containers) {
        PodSpec copy = new PodSpecBuilder(spec).build();
        List<PodResourceClaim> claims = copy.getResourceClaims() == null ? new ArrayList<>()
                : new ArrayList<>(copy.getResourceClaims());
        if (claims.stream().noneMatch(c -> claim.getName().equals(c.getName()))) {
            claims.add(claim);
        }
        copy.setResourceClaims(claims);
        for (Container c : selected(copy, containers)) {
            ResourceRequirements r = c.getResources() == null ? new ResourceRequirements() : c.getResources();
            List<io.fabric8.kubernetes.api.model.ResourceClaim> refs = r.getClaims() == null ? new ArrayList<>()
                    : new ArrayList<>(r.getClaims());
            io.fabric8.kubernetes.api.model.ResourceClaim ref = new io.fabric8.kubernetes.api.model.ResourceClaim();
            ref.setName(claim.getName());
            ref.setRequest(request);
            refs.add(ref);
            r.setClaims(refs);
            c.setResources(r);
        }
        return copy;
    }

    /** Asks for {@code count} devices of a DRA extended resource in the containers' limits (all when none is named). */
    public static PodSpec withExtendedResource(PodSpec spec, String resourceName, long count, String... containers) {
        PodSpec copy = new PodSpecBuilder(spec).build();
        for (Container c : selected(copy, containers)) {
            ResourceRequirements r = c.getResources() == null ? new ResourceRequirements() : c.getResources();
            LinkedHashMap<String, io.fabric8.kubernetes.api.model.Quantity> limits = r.getLimits() == null
                    ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getLimits());
            limits.put(resourceName, new io.fabric8.kubernetes.api.model.Quantity(Long.toString(count)));
            r.setLimits(limits);
            c.setResources(r);
        }
        return copy;
    }

    private static List<Container> selected(PodSpec spec, String... containers) {
        List<Container> all = spec.getContainers() == null ? List.of() : spec.getContainers();
        if (containers.length == 0) {
            return all;
        }
        List<Container> out = new ArrayList<>();
        for (String name : containers) {
            Container c = all.stream().filter(x -> name.equals(x.getName())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no container named '" + name + "'"));
            out.add(c);
        }
        return out;
    }

    /** {@link #withClaim(PodSpec, PodResourceClaim, String...)} on a Pod. */
    public static Pod withClaim(Pod pod, PodResourceClaim claim, String... containers) {
        Pod copy = new PodBuilder(pod).build();
        copy.setSpec(withClaim(copy.getSpec() == null ? new PodSpec() : copy.getSpec(), claim, containers));
        return copy;
    }

    /** {@link #withClaim(PodSpec, PodResourceClaim, String...)} on a Deployment's pod template. */
    public static Deployment withClaim(Deployment deployment, PodResourceClaim claim, String... containers) {
        Deployment copy = new DeploymentBuilder(deployment).build();
        onTemplate(copy.getSpec().getTemplate(), s -> withClaim(s, claim, containers));
        return copy;
    }

    /** {@link #withClaim(PodSpec, PodResourceClaim, String...)} on a StatefulSet's pod template. */
    public static StatefulSet withClaim(StatefulSet set, PodResourceClaim claim, String... containers) {
        StatefulSet copy = new StatefulSetBuilder(set).build();
        onTemplate(copy.getSpec().getTemplate(), s -> withClaim(s, claim, containers));
        return copy;
    }

    /** {@link #withClaim(PodSpec, PodResourceClaim, String...)} on a Job's pod template. */
    public static Job withClaim(Job job, PodResourceClaim claim, String... containers) {
        Job copy = new JobBuilder(job).build();
        onTemplate(copy.getSpec().getTemplate(), s -> withClaim(s, claim, containers));
        return copy;
    }

    private static void onTemplate(PodTemplateSpec template, UnaryOperator<PodSpec> change) {
        Objects.requireNonNull(template, "the workload has no pod template (spec.template)");
        template.setSpec(change.apply(template.getSpec() == null ? new PodSpec() : template.getSpec()));
    }
}
