package io.mig4j.cli;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSelector;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceSubRequest;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.mig4j.dra.allocation.AllocatedState;
import io.mig4j.dra.allocation.AllocationException;
import io.mig4j.dra.allocation.Allocator;
import io.mig4j.dra.allocation.Explainer;
import io.mig4j.dra.allocation.Explanation;
import io.mig4j.dra.allocation.NodeAllocation;
import io.mig4j.dra.allocation.ResourceSnapshot;
import io.mig4j.dra.cel.CompilationResult;
import io.mig4j.dra.cel.SelectorCache;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.ManifestConverter;
import io.mig4j.dra.validation.ManifestDocument;
import io.mig4j.dra.validation.ManifestFormatException;
import io.mig4j.dra.validation.ManifestReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mig4j dra allocate}: which devices kube-scheduler would give each claim, with mig4j's allocator. Claims are
 * taken in file order, one after the other, each seeing the devices the earlier ones got; each goes to the first
 * node (in name order, or {@code --node}) where it fits.
 */
@Command(name = "allocate", mixinStandardHelpOptions = true,
        description = {"Allocate ResourceClaims on ResourceSlices as kube-scheduler would (structured parameters).",
                "Files are YAML (multi-document) or JSON, a List kind too. Claims are allocated in file order,",
                "each on the first node (by name) where it fits, seeing what the earlier ones took.",
                "Exit code 0 when every claim was allocated, 1 when one was not, 2 for bad input."})
final class DraAllocateCommand implements Callable<Integer> {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Option(names = "--slices", required = true, paramLabel = "<file>",
            description = "ResourceSlices (Node objects in the file supply node labels for node selectors).")
    Path slices;

    @Option(names = "--classes", required = true, paramLabel = "<file>", description = "DeviceClasses.")
    Path classes;

    @Option(names = "--claims", required = true, paramLabel = "<file>",
            description = "ResourceClaims to allocate (a ResourceClaimTemplate counts as a claim of its name).")
    Path claims;

    @Option(names = "--allocated", paramLabel = "<file>",
            description = "ResourceClaims already allocated: their status.allocation counts as in use.")
    Path allocated;

    @Option(names = "--node", paramLabel = "<name>", description = "Try only this node.")
    String node;

    @Option(names = "--json", description = "Print one JSON document: per claim its status.allocation.")
    boolean json;

    @Option(names = "--explain", description = "For claims that were not allocated, explain why in full.")
    boolean explain;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Inputs in = new Inputs();
        in.read(slices, "ResourceSlice");
        in.read(classes, "DeviceClass");
        in.read(claims, "ResourceClaim");
        if (allocated != null) {
            in.read(allocated, "allocated ResourceClaim");
        }
        for (DeviceClass dc : in.classes) {
            checkSelectors(in.source.get(dc), "DeviceClass " + dc.getMetadata().getName(), "spec.selectors",
                    dc.getSpec() == null ? List.of() : dc.getSpec().getSelectors());
        }
        for (ResourceClaim c : in.claims) {
            checkClaim(in.source.get(c), c);
        }
        ResourceSnapshot snapshot = ResourceSnapshot.of(in.slices, in.classes);
        List<Node> nodes = nodes(snapshot, in.nodeLabels);
        AllocatedState state = AllocatedState.of(in.allocated);
        SelectorCache cache = SelectorCache.forScheduler();
        List<Map<String, Object>> jsonClaims = new ArrayList<>();
        boolean all = true;
        for (ResourceClaim claim : in.claims) {
            Allocator allocator = Allocator.builder(snapshot).allocatedState(state).selectorCache(cache).build();
            Optional<NodeAllocation> placed;
            try {
                placed = allocator.allocateOnFirstFit(nodes, List.of(claim));
            } catch (AllocationException e) {
                throw new BadInputException(claimName(claim) + ": " + e.getMessage());
            }
            Map<String, Object> jc = new LinkedHashMap<>();
            jc.put("name", claim.getMetadata().getName());
            jc.put("namespace", claim.getMetadata().getNamespace());
            if (placed.isPresent()) {
                AllocationResult result = placed.get().results().get(0);
                state.add(claimName(claim), result);
                jc.put("allocated", true);
                jc.put("node", placed.get().node());
                jc.put("allocation", MAPPER.convertValue(result, Map.class));
                if (!json) {
                    printAllocation(out, claim, placed.get().node(), result);
                }
            } else {
                all = false;
                Explanation why = Explainer.explain(allocator, nodes, List.of(claim));
                jc.put("allocated", false);
                jc.put("allocation", null);
                jc.put("explanation", why.toJson());
                if (!json) {
                    printFailure(out, claim, nodes, why);
                }
            }
            jsonClaims.add(jc);
        }
        if (json) {
            Json.print(out, Map.of("claims", jsonClaims));
        }
        return all ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void printAllocation(PrintWriter out, ResourceClaim claim, String nodeName, AllocationResult result) {
        out.println(claimName(claim) + ": allocated on node " + nodeName);
        Table t = new Table("REQUEST", "DRIVER", "POOL", "DEVICE");
        for (DeviceRequestAllocationResult r : result.getDevices().getResults()) {
            t.row(r.getRequest(), r.getDriver(), r.getPool(), r.getDevice()
                    + (Boolean.TRUE.equals(r.getAdminAccess()) ? " (admin access)" : "")
                    + (r.getShareID() == null ? "" : " (share " + r.getShareID() + ")"));
        }
        t.print(out);
    }

    private void printFailure(PrintWriter out, ResourceClaim claim, List<Node> nodes, Explanation why) {
        out.println(claimName(claim) + ": not allocated"
                + (nodes.isEmpty() ? " (the slices name no node)" : ""));
        for (Explanation.ClaimExplanation c : why.claims()) {
            if (c.problem() != null) {
                out.println("  " + c.problem());
            }
            for (Explanation.RequestExplanation r : c.requests()) {
                if (explain) {
                    out.println("  " + r.text(c.claim()));
                } else {
                    out.println("  request " + r.request() + ": " + r.reason().jsonName()
                            + (r.findings().isEmpty() ? "" : " (" + r.findings().get(0).message() + ")"));
                }
            }
        }
    }

    private List<Node> nodes(ResourceSnapshot snapshot, Map<String, Map<String, String>> labels) {
        List<String> names = node != null ? List.of(node) : snapshot.nodeNames();
        List<Node> nodes = new ArrayList<>();
        for (String name : names) {
            nodes.add(new NodeBuilder().withNewMetadata().withName(name)
                    .withLabels(labels.getOrDefault(name, Map.of())).endMetadata().build());
        }
        return nodes;
    }

    private static String claimName(ResourceClaim claim) {
        String ns = claim.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? claim.getMetadata().getName() : ns + "/" + claim.getMetadata().getName();
    }

    /** Invalid CEL is bad input: reported with the compile error, as the API server would reject the object. */
    private static void checkSelectors(String source, String owner, String path, List<DeviceSelector> selectors) {
        SelectorCache cache = SelectorCache.forScheduler();
        for (int i = 0; i < selectors.size(); i++) {
            DeviceSelector s = selectors.get(i);
            if (s.getCel() == null || s.getCel().getExpression() == null) {
                continue;
            }
            CompilationResult r = cache.getOrCompile(s.getCel().getExpression());
            if (!r.isValid()) {
                FieldError e = FieldError.invalid(io.mig4j.dra.validation.FieldPath.root(path).index(i).child("cel")
                        .child("expression"), s.getCel().getExpression(), r.error().orElseThrow().detail());
                throw new BadInputException(source + ": " + owner + ": " + e);
            }
        }
    }

    private static void checkClaim(String source, ResourceClaim c) {
        if (c.getSpec() == null || c.getSpec().getDevices() == null) {
            return;
        }
        List<DeviceRequest> requests = c.getSpec().getDevices().getRequests();
        for (int i = 0; i < requests.size(); i++) {
            DeviceRequest r = requests.get(i);
            String base = "spec.devices.requests[" + i + "]";
            if (r.getExactly() != null) {
                checkSelectors(source, "ResourceClaim " + claimName(c), base + ".exactly.selectors",
                        r.getExactly().getSelectors());
            }
            List<DeviceSubRequest> subs = r.getFirstAvailable();
            for (int j = 0; j < subs.size(); j++) {
                checkSelectors(source, "ResourceClaim " + claimName(c), base + ".firstAvailable[" + j + "].selectors",
                        subs.get(j).getSelectors());
            }
        }
    }

    /** The objects of the input files, converted to {@code resource.k8s.io/v1}. */
    private static final class Inputs {
        final List<ResourceSlice> slices = new ArrayList<>();
        final List<DeviceClass> classes = new ArrayList<>();
        final List<ResourceClaim> claims = new ArrayList<>();
        final List<ResourceClaim> allocated = new ArrayList<>();
        final Map<String, Map<String, String>> nodeLabels = new LinkedHashMap<>();
        final Map<Object, String> source = new java.util.IdentityHashMap<>();

        void read(Path file, String expected) {
            for (ManifestDocument doc : documents(file)) {
                String where = file + ": " + doc.describe();
                if (!doc.decodeErrors().isEmpty()) {
                    throw new BadInputException(where + ": " + doc.decodeErrors().get(0));
                }
                if ("Node".equals(doc.kind()) && "v1".equals(doc.apiVersion())) {
                    nodeLabels.put(doc.name(), labels(doc.raw()));
                    continue;
                }
                Object o = v1(doc, where);
                if (o instanceof ResourceClaimTemplate && expected.equals("ResourceClaim")) {
                    o = fromTemplate((ResourceClaimTemplate) o);
                }
                if (expected.equals("ResourceSlice") && o instanceof ResourceSlice) {
                    slices.add((ResourceSlice) o);
                } else if (expected.equals("DeviceClass") && o instanceof DeviceClass) {
                    classes.add((DeviceClass) o);
                } else if (expected.equals("ResourceClaim") && o instanceof ResourceClaim) {
                    claims.add((ResourceClaim) o);
                } else if (expected.equals("allocated ResourceClaim") && o instanceof ResourceClaim) {
                    allocated.add((ResourceClaim) o);
                } else {
                    throw new BadInputException(where + ": expected a " + expected + " in this file");
                }
                source.put(o, file.toString());
            }
        }

        private static ResourceClaim fromTemplate(ResourceClaimTemplate t) {
            ResourceClaim c = new ResourceClaim();
            c.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(t.getMetadata().getName())
                    .withNamespace(t.getMetadata().getNamespace()).build());
            c.setSpec(t.getSpec() == null ? null : t.getSpec().getSpec());
            return c;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, String> labels(Map<String, Object> raw) {
            Object meta = raw.get("metadata");
            if (meta instanceof Map && ((Map<String, Object>) meta).get("labels") instanceof Map) {
                Map<String, String> labels = new LinkedHashMap<>();
                ((Map<String, Object>) ((Map<String, Object>) meta).get("labels"))
                        .forEach((k, v) -> labels.put(k, String.valueOf(v)));
                return labels;
            }
            return Map.of();
        }

        private static Object v1(ManifestDocument doc, String where) {
            if (doc.apiVersion() != null && doc.apiVersion().startsWith("resource.k8s.io/")
                    && !doc.apiVersion().equals("resource.k8s.io/v1")) {
                Class<?> type = ManifestReader.typeOf("resource.k8s.io/v1", doc.kind());
                if (type == null) {
                    throw new BadInputException(where + ": unsupported kind " + doc.kind());
                }
                ManifestConverter.Conversion conversion = ManifestConverter.toV1(doc);
                return MAPPER.treeToValue(conversion.converted(), type);
            }
            if (doc.object() == null) {
                throw new BadInputException(where + ": not a resource.k8s.io/v1 object (apiVersion " + doc.apiVersion()
                        + ", kind " + doc.kind() + ")");
            }
            return doc.object();
        }

        private static List<ManifestDocument> documents(Path file) {
            if (Files.isDirectory(file)) {
                throw new BadInputException("cannot read " + file + ": it is a directory, not a YAML or JSON file");
            }
            try {
                return ManifestReader.defaults().read(file);
            } catch (NoSuchFileException e) {
                throw new BadInputException("cannot read " + file + ": no such file");
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new BadInputException("cannot read " + file + ": not UTF-8 text (YAML or JSON was expected)");
            } catch (ManifestFormatException e) {
                throw new BadInputException(e.getMessage());
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
