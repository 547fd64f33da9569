package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassSpec;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaintRule;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimSpec;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplateBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validates {@code resource.k8s.io/v1} objects with the API server's rules for one Kubernetes version: the same
 * checks, field paths and messages as {@code pkg/apis/resource/validation/validation.go} of kubernetes/kubernetes,
 * after the API server's defaulting ({@code pkg/apis/resource/v1/defaults.go}). CEL selectors go through a
 * {@link CelChecker}: by default {@link io.mig4j.dra.cel.KubernetesCelChecker}, which compiles them as the API server
 * of the version does (syntax, undeclared names, type errors such as {@code quantity >= quantity}); another checker
 * (for example {@link CelChecker#lengthOnly()}) plugs in with {@link Builder#celChecker}. Pods and workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) are
 * checked for their resource-claim wiring only. Beyond the API server's errors, the report carries warnings: fields
 * a disabled feature gate drops, selectors that can never match NVIDIA's devices, NVIDIA opaque configuration the
 * driver will refuse.
 *
 * @implSpec Immutable and thread-safe; the objects passed in are not modified.
 */
public final class DraValidator {
    private final KubernetesVersion version;
    private final CelChecker celChecker;

    private DraValidator(KubernetesVersion version, CelChecker celChecker) {
        this.version = version;
        this.celChecker = celChecker;
    }

    /** A validator for {@link KubernetesVersion#DEFAULT} that compiles CEL selectors. */
    public static DraValidator defaults() {
        return builder().build();
    }

    /** A builder to choose the Kubernetes version and the CEL checker. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link DraValidator}. */
    public static final class Builder {
        private KubernetesVersion version = KubernetesVersion.DEFAULT;
        private CelChecker celChecker = io.mig4j.dra.cel.KubernetesCelChecker.create();

        private Builder() {
        }

        /** The Kubernetes version whose rules and limits apply (default {@link KubernetesVersion#DEFAULT}). */
        public Builder version(KubernetesVersion v) {
            this.version = Objects.requireNonNull(v, "version");
            return this;
        }

        /** How CEL selector expressions are checked (default: compiled by {@link io.mig4j.dra.cel.KubernetesCelChecker}). */
        public Builder celChecker(CelChecker checker) {
            this.celChecker = Objects.requireNonNull(checker, "celChecker");
            return this;
        }

        /** The validator. */
        public DraValidator build() {
            return new DraValidator(version, celChecker);
        }
    }

    /** The Kubernetes version whose rules this validator applies. */
    public KubernetesVersion version() {
        return version;
    }

    /**
     * Validates one object. DRA objects of {@code resource.k8s.io/v1} get the full API-server validation; pods and
     * workloads get their claim wiring checked; anything else is accepted as it is.
     */
    public ValidationReport validate(Object object) {
        Objects.requireNonNull(object, "object");
        if (object instanceof DeviceClass dc) {
            return validateDeviceClass(dc);
        } else if (object instanceof ResourceClaim rc) {
            return validateResourceClaim(rc);
        } else if (object instanceof ResourceClaimTemplate t) {
            return validateResourceClaimTemplate(t);
        } else if (object instanceof ResourceSlice s) {
            return validateResourceSlice(s);
        } else if (object instanceof DeviceTaintRule r) {
            return validateDeviceTaintRule(r);
        }
        FieldPath spec = FieldPath.root("spec");
        FieldPath template = spec.child("template", "spec");
        if (object instanceof Pod pod) {
            return wiring(pod.getSpec(), spec);
        } else if (object instanceof Deployment d) {
            return wiring(d.getSpec() == null || d.getSpec().getTemplate() == null ? null
                    : d.getSpec().getTemplate().getSpec(), template);
        } else if (object instanceof StatefulSet s) {
            return wiring(s.getSpec() == null || s.getSpec().getTemplate() == null ? null
                    : s.getSpec().getTemplate().getSpec(), template);
        } else if (object instanceof DaemonSet s) {
            return wiring(s.getSpec() == null || s.getSpec().getTemplate() == null ? null
                    : s.getSpec().getTemplate().getSpec(), template);
        } else if (object instanceof ReplicaSet s) {
            return wiring(s.getSpec() == null || s.getSpec().getTemplate() == null ? null
                    : s.getSpec().getTemplate().getSpec(), template);
        } else if (object instanceof Job j) {
            return wiring(j.getSpec() == null || j.getSpec().getTemplate() == null ? null
                    : j.getSpec().getTemplate().getSpec(), template);
        } else if (object instanceof CronJob c) {
            PodSpec ps = c.getSpec() == null || c.getSpec().getJobTemplate() == null
                    || c.getSpec().getJobTemplate().getSpec() == null
                    || c.getSpec().getJobTemplate().getSpec().getTemplate() == null ? null
                    : c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
            return wiring(ps, spec.child("jobTemplate", "spec", "template", "spec"));
        }
        return ValidationReport.OK;
    }

    /**
     * Validates an object read from a manifest: its strict-decoding errors (unknown fields, wrong types), then the
     * object itself as the API server would store it. v1beta1 and v1beta2 objects are validated in their v1 form, as
     * the API server validates every version in its internal (v1) shape, so paths are v1 paths. Deprecation notes of
     * the reader become warnings. Kinds mig4j does not model are accepted as they are.
     */
    public ValidationReport validate(ManifestDocument doc) {
        List<FieldError> errors = new ArrayList<>(doc.decodeErrors());
        List<ValidationWarning> warnings = new ArrayList<>(doc.notes());
        Object object = doc.object();
        if (object != null && doc.isDra()) {
            ManifestConverter.Conversion c = ManifestConverter.toV1(doc);
            if (!"resource.k8s.io/v1".equals(doc.apiVersion())) {
                List<FieldError> ignored = new ArrayList<>();
                tools.jackson.databind.node.ObjectNode tree = c.converted();
                StrictSchema.check(tree, ManifestReader.typeOf("resource.k8s.io/v1", doc.kind()), null, version,
                        ignored);
                object = ManifestReader.decode(tree, ManifestReader.typeOf("resource.k8s.io/v1", doc.kind()));
            } else {
                boolean reshaped = false;
                for (ValidationWarning note : c.notes()) {
                    if (note.message().startsWith("moved ")) {
                        reshaped = true;
                        warnings.add(new ValidationWarning(note.field(), "this is the v1beta1 request shape; in"
                                + " resource.k8s.io/v1 these fields belong under exactly (mig4j dra convert --to v1"
                                + " rewrites it)"));
                    }
                }
                if (reshaped) {
                    afterConversion(c, doc.kind(), warnings);
                }
            }
        }
        if (object != null) {
            ValidationReport r = validate(object);
            errors.addAll(r.errors());
            warnings.addAll(r.warnings());
        }
        return new ValidationReport(FieldError.deduplicate(errors), warnings);
    }

    /**
     * What validation would still find once a v1beta1-shaped request is moved under {@code exactly}: the fields the
     * API server drops as unknown hide these mistakes, so they are reported as warnings ("after conversion to v1").
     */
    private void afterConversion(ManifestConverter.Conversion c, String kind, List<ValidationWarning> warnings) {
        Class<?> type = ManifestReader.typeOf("resource.k8s.io/v1", kind);
        tools.jackson.databind.node.ObjectNode tree = c.converted().deepCopy();
        StrictSchema.check(tree, type, null, version, new ArrayList<>());
        ValidationReport r = validate(ManifestReader.decode(tree, type));
        for (FieldError e : r.errors()) {
            warnings.add(new ValidationWarning(e.field(), "after conversion to v1: " + e.body()));
        }
        for (ValidationWarning w : r.warnings()) {
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
    }

    /** Validates every document ({@link #validate(ManifestDocument)}); ResourceSlices are also checked as pools. */
    public List<ValidationReport> validateDocuments(List<ManifestDocument> documents) {
        List<ValidationReport> out = new ArrayList<>();
        List<ResourceSlice> slices = new ArrayList<>();
        List<Integer> sliceIndex = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            ManifestDocument d = documents.get(i);
            out.add(validate(d));
            if (d.object() instanceof ResourceSlice s) {
                slices.add(s);
                sliceIndex.add(i);
            }
        }
        List<List<ValidationWarning>> pool = PoolRules.check(slices, version);
        for (int k = 0; k < slices.size(); k++) {
            if (!pool.get(k).isEmpty()) {
                int i = sliceIndex.get(k);
                List<ValidationWarning> w = new ArrayList<>(out.get(i).warnings());
                w.addAll(pool.get(k));
                out.set(i, new ValidationReport(out.get(i).errors(), w));
            }
        }
        return out;
    }

    /** Validates each object, and the ResourceSlices among them together as pools ({@link #validatePools}). */
    public List<ValidationReport> validateAll(List<?> objects) {
        List<ValidationReport> out = new ArrayList<>();
        List<ResourceSlice> slices = new ArrayList<>();
        for (Object o : objects) {
            out.add(validate(o));
            if (o instanceof ResourceSlice s) {
                slices.add(s);
            }
        }
        if (!slices.isEmpty()) {
            List<List<ValidationWarning>> pool = PoolRules.check(slices, version);
            int k = 0;
            for (int i = 0; i < objects.size(); i++) {
                if (objects.get(i) instanceof ResourceSlice) {
                    List<ValidationWarning> extra = pool.get(k++);
                    if (!extra.isEmpty()) {
                        ValidationReport r = out.get(i);
                        List<ValidationWarning> w = new ArrayList<>(r.warnings());
                        w.addAll(extra);
                        out.set(i, new ValidationReport(r.errors(), w));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The checks the scheduler makes on a pool as a whole (a pool that fails them is invalid and not used): device
     * names unique across the pool's slices, counter sets unique in the pool, every consumed counter set and counter
     * published in the pool, {@code resourceSliceCount} matching the slices. One list of warnings per slice, in order.
     */
    public List<List<ValidationWarning>> validatePools(List<ResourceSlice> slices) {
        return PoolRules.check(slices, version);
    }

    /** {@code ValidateDeviceClass}. */
    public ValidationReport validateDeviceClass(DeviceClass dc) {
        Problems p = problems();
        MetaRules.meta(dc.getMetadata(), false, p);
        DeviceClassSpec spec = dc.getSpec();
        FieldPath sp = FieldPath.root("spec");
        if (spec != null) {
            ClaimRules.selectors(spec.getSelectors(), sp.child("selectors"), p);
            ClaimRules.slice(spec.getConfig(), Limits.CONFIG_MAX, sp.child("config"), p,
                    (c, cp) -> ClaimRules.opaque(c.getOpaque(), cp, p));
            String ext = spec.getExtendedResourceName();
            if (ext != null) {
                if (!isExtendedResourceName(ext)) {
                    p.add(FieldError.invalid(sp.child("extendedResourceName"), ext,
                            "must be a valid extended resource name"));
                }
                p.dropped(sp.child("extendedResourceName"), Features.EXTENDED_RESOURCE);
            }
        }
        return p.report();
    }

    /** {@code ValidateResourceClaim} (after defaulting). */
    public ValidationReport validateResourceClaim(ResourceClaim claim) {
        ResourceClaim c = new ResourceClaimBuilder(claim).build();
        Defaults.claimSpec(c.getSpec());
        Problems p = problems();
        MetaRules.meta(c.getMetadata(), true, p);
        ClaimRules.claimSpec(c.getSpec(), FieldPath.root("spec"), p);
        return p.report();
    }

    /** {@code ValidateResourceClaimTemplate} (after defaulting). */
    public ValidationReport validateResourceClaimTemplate(ResourceClaimTemplate template) {
        ResourceClaimTemplate t = new ResourceClaimTemplateBuilder(template).build();
        Problems p = problems();
        MetaRules.meta(t.getMetadata(), true, p);
        FieldPath sp = FieldPath.root("spec");
        if (t.getSpec() != null) {
            templateMeta(t.getSpec().getMetadata(), sp.child("metadata"), p);
            ResourceClaimSpec claimSpec = t.getSpec().getSpec();
            Defaults.claimSpec(claimSpec);
            ClaimRules.claimSpec(claimSpec, sp.child("spec"), p);
        }
        return p.report();
    }

    /** {@code ValidateResourceSlice}. */
    public ValidationReport validateResourceSlice(ResourceSlice slice) {
        Problems p = problems();
        MetaRules.meta(slice.getMetadata(), false, p);
        SliceRules.sliceSpec(slice.getSpec(), FieldPath.root("spec"), p);
        return p.report();
    }

    /** {@code ValidateDeviceTaintRule} (resource.k8s.io/v1 since Kubernetes 1.37). */
    public ValidationReport validateDeviceTaintRule(DeviceTaintRule rule) {
        Problems p = problems();
        MetaRules.meta(rule.getMetadata(), false, p);
        SliceRules.deviceTaintRuleSpec(rule.getSpec(), FieldPath.root("spec"), p);
        return p.report();
    }

    private ValidationReport wiring(PodSpec spec, FieldPath path) {
        Problems p = problems();
        WorkloadRules.podSpec(spec, path, p);
        return p.report();
    }

    private Problems problems() {
        return new Problems(version, celChecker);
    }

    /** {@code ValidateTemplateObjectMeta}: only labels and annotations may be set. */
    private static void templateMeta(ObjectMeta meta, FieldPath path, Problems p) {
        if (meta == null) {
            return;
        }
        MetaRules.annotations(meta.getAnnotations(), path.child("annotations"), p);
        MetaRules.labels(meta.getLabels(), path.child("labels"), p);
        forbid(meta.getName() != null && !meta.getName().isEmpty(), path.child("name"), p);
        forbid(meta.getGenerateName() != null && !meta.getGenerateName().isEmpty(), path.child("generateName"), p);
        forbid(meta.getNamespace() != null && !meta.getNamespace().isEmpty(), path.child("namespace"), p);
        forbid(meta.getFinalizers() != null && !meta.getFinalizers().isEmpty(), path.child("finalizers"), p);
        forbid(meta.getOwnerReferences() != null && !meta.getOwnerReferences().isEmpty(),
                path.child("ownerReferences"), p);
    }

    private static void forbid(boolean set, FieldPath path, Problems p) {
        if (set) {
            p.add(FieldError.forbidden(path, "cannot be set"));
        }
    }

    /** {@code IsExtendedResourceName} of Kubernetes' core helpers. */
    static boolean isExtendedResourceName(String name) {
        if (!name.contains("/") || name.contains("kubernetes.io/") || name.startsWith("requests.")) {
            return false;
        }
        return Names.qualifiedName("requests." + name).isEmpty();
    }
}
