package io.mig4j.api;

import io.mig4j.api.internal.JsonTrees;
import io.mig4j.api.internal.TreeNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MIG-capable products mig4j knows, read from a data file ({@code io/mig4j/api/catalog.json} for the
 * {@linkplain #builtIn() built-in} one). Look products up by alias ({@code H100-80GB}), NVML name
 * ({@code NVIDIA H100 80GB HBM3}) or PCI device id ({@code 0x2330} or {@code 0x233010DE}).
 */
public final class ProductCatalog {
    static final String RESOURCE = "/io/mig4j/api/catalog.json";
    private static final Set<String> GI_FIELDS = Set.of("name", "aliases", "index", "id", "slices", "memoryMiB",
            "multiprocessors", "copyEngines", "decoders", "encoders", "jpegEngines", "ofaEngines", "maxInstances",
            "placements", "computeInstanceProfiles", "unconfirmed");

    private final List<GpuProduct> products;

    private ProductCatalog(List<GpuProduct> products) {
        this.products = List.copyOf(products);
    }

    private static final class BuiltIn {
        static final ProductCatalog INSTANCE = loadResource();

        private static ProductCatalog loadResource() {
            try (InputStream in = ProductCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("mig4j catalog resource " + RESOURCE + " is missing from the jar");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The catalog shipped in the sdk-api jar. */
    public static ProductCatalog builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** A catalog of these products (for tests, or a catalog rebuilt from NVML). */
    public static ProductCatalog of(List<GpuProduct> products) {
        return new ProductCatalog(products);
    }

    /**
     * Reads a catalog file.
     *
     * @throws CatalogFormatException naming the field path of the first error
     */
    public static ProductCatalog read(InputStream json) throws IOException {
        TreeNode root;
        byte[] bytes = json.readAllBytes();
        Object plain = JsonTrees.read(bytes); // the built-in catalog: no Jackson at start-up; anything else: Jackson's
        try {
            root = plain != null ? TreeNode.ofPlain(plain, "", CatalogFormatException::new)
                    : new TreeNode(JsonMapper.shared().readTree(bytes), "", CatalogFormatException::new);
        } catch (JacksonException e) {
            throw new CatalogFormatException("", "not valid JSON: " + e.getOriginalMessage());
        }
        List<GpuProduct> products = new ArrayList<>();
        for (TreeNode p : root.required("products").elements()) {
            products.add(product(p));
        }
        checkUnique(products);
        return new ProductCatalog(products);
    }

    /** Lookups must be unambiguous: an alias, PCI id or NVML name leads to one product. */
    private static void checkUnique(List<GpuProduct> products) {
        Map<String, String> owner = new HashMap<>();
        for (GpuProduct p : products) {
            List<String> keys = new ArrayList<>();
            keys.add("alias " + p.alias().toLowerCase(Locale.ROOT));
            for (GpuVariant v : p.variants()) {
                keys.add("PCI device id " + PciDeviceId.format(v.pciDeviceId()));
                keys.add("NVML name '" + v.name().toLowerCase(Locale.ROOT) + "'");
            }
            for (String key : new LinkedHashSet<>(keys)) {
                String previous = owner.putIfAbsent(key, p.alias());
                if (previous != null) {
                    throw new CatalogFormatException("products", key + " belongs to both " + previous + " and "
                            + p.alias());
                }
            }
        }
    }

    private static GpuProduct product(TreeNode p) {
        String alias = p.required("alias").text();
        List<GpuVariant> variants = new ArrayList<>();
        List<TreeNode> variantNodes = p.required("variants").elements();
        if (variantNodes.isEmpty()) {
            throw p.required("variants").fail("must list at least one board");
        }
        for (TreeNode v : variantNodes) {
            TreeNode id = v.required("pciDeviceId");
            int pci;
            try {
                pci = PciDeviceId.parse(id.text());
            } catch (IllegalArgumentException e) {
                throw id.fail(e.getMessage());
            }
            variants.add(new GpuVariant(pci, v.required("name").text(), v.required("formFactor").text()));
        }
        Map<Integer, List<TreeNode>> templates = new LinkedHashMap<>();
        p.optional("computeInstanceTemplates").ifPresent(t -> {
            for (String key : t.fieldNames()) {
                int slices;
                try {
                    slices = Integer.parseInt(key);
                } catch (NumberFormatException e) {
                    throw t.fail("keys must be GPU instance slice counts, got '" + key + "'");
                }
                templates.put(slices, t.required(key).elements());
            }
        });
        List<GpuInstanceProfile> profiles = new ArrayList<>();
        List<TreeNode> profileNodes = p.required("gpuInstanceProfiles").elements();
        if (profileNodes.isEmpty()) {
            throw p.required("gpuInstanceProfiles").fail("must list at least one profile");
        }
        for (TreeNode g : profileNodes) {
            profiles.add(gpuInstanceProfile(g, templates));
        }
        Verification verification;
        TreeNode v = p.required("verification");
        try {
            verification = Verification.ofLabel(v.text());
        } catch (IllegalArgumentException e) {
            throw v.fail(e.getMessage());
        }
        return new GpuProduct(alias, p.required("architecture").text(), p.required("brand").text(),
                p.required("computeCapability").text(),
                p.required("memoryMiB").longInteger(), p.required("minDriver").text(), verification,
                p.required("source").text(), variants, profiles, unconfirmed(p), driverVariants(p, profiles));
    }

    /** The fields a driver variant may name: the numeric fields of a GPU instance profile. */
    private static final Set<String> VARIANT_FIELDS = Set.of("memoryMiB", "multiprocessors", "copyEngines", "decoders",
            "encoders", "jpegEngines", "ofaEngines", "maxInstances");

    private static List<DriverVariant> driverVariants(TreeNode p, List<GpuInstanceProfile> profiles) {
        List<DriverVariant> out = new ArrayList<>();
        p.optional("driverVariants").ifPresent(list -> {
            for (TreeNode v : list.elements()) {
                String profileName = v.required("profile").text();
                GpuInstanceProfile profile = profiles.stream().filter(g -> g.name().toString().equals(profileName))
                        .findFirst().orElseThrow(() -> v.required("profile").fail("no GPU instance profile '"
                                + profileName + "' in this product"));
                String field = v.required("field").text();
                if (!VARIANT_FIELDS.contains(field)) {
                    throw v.required("field").fail("must be one of " + new java.util.TreeSet<>(VARIANT_FIELDS));
                }
                List<Long> values = v.required("values").elements().stream().map(TreeNode::longInteger).toList();
                long own = catalogValue(profile, field);
                if (!values.contains(own)) {
                    throw v.required("values").fail("must include the catalog's own " + field + " of " + profileName
                            + ", " + own);
                }
                try {
                    out.add(new DriverVariant(profileName, field, values, v.required("source").text()));
                } catch (IllegalArgumentException e) {
                    throw v.fail(e.getMessage());
                }
            }
        });
        return out;
    }

    /** A numeric field of a profile by its catalog name. */
    static long catalogValue(GpuInstanceProfile g, String field) {
        switch (field) {
            case "memoryMiB": return g.memoryMiB();
            case "multiprocessors": return g.multiprocessors();
            case "copyEngines": return g.copyEngines();
            case "decoders": return g.decoders();
            case "encoders": return g.encoders();
            case "jpegEngines": return g.jpegEngines();
            case "ofaEngines": return g.ofaEngines();
            case "maxInstances": return g.maxInstances();
            default: throw new IllegalArgumentException("not a numeric profile field: " + field);
        }
    }

    private static Set<String> unconfirmed(TreeNode n) {
        return n.optional("unconfirmed").map(u -> Set.copyOf(u.texts())).orElse(Set.of());
    }

    private static GpuInstanceProfile gpuInstanceProfile(TreeNode g, Map<Integer, List<TreeNode>> templates) {
        for (String f : g.fieldNames()) {
            if (!GI_FIELDS.contains(f)) {
                throw g.fail("unknown field '" + f + "' (known: " + String.join(", ", GI_FIELDS) + ")");
            }
        }
        ProfileName name = name(g.required("name"));
        if (name.isComputeInstance()) {
            throw g.required("name").fail("must be a GPU instance profile name, got " + name);
        }
        List<ProfileName> aliases = new ArrayList<>();
        g.optional("aliases").ifPresent(a -> a.elements().forEach(e -> aliases.add(name(e))));
        int slices = g.required("slices").integer();
        if (slices != name.gpuSlices()) {
            throw g.required("slices").fail("is " + slices + " but the name " + name + " says " + name.gpuSlices());
        }
        int multiprocessors = g.required("multiprocessors").integer();
        if (g.required("maxInstances").integer() < 1) {
            throw g.required("maxInstances").fail("must be at least 1, got " + g.required("maxInstances").integer());
        }
        List<ComputeInstanceProfile> cis = new ArrayList<>();
        Optional<TreeNode> own = g.optional("computeInstanceProfiles");
        List<TreeNode> ciNodes = own.map(TreeNode::elements).orElse(templates.getOrDefault(slices, List.of()));
        for (TreeNode c : ciNodes) {
            cis.add(computeInstanceProfile(c, name, multiprocessors));
        }
        return new GpuInstanceProfile(name, aliases, g.required("index").integer(), g.required("id").integer(),
                slices, g.required("memoryMiB").longInteger(), multiprocessors, g.required("copyEngines").integer(),
                g.required("decoders").integer(), g.required("encoders").integer(),
                g.required("jpegEngines").integer(), g.required("ofaEngines").integer(),
                g.required("maxInstances").integer(), placements(g.required("placements")), cis, unconfirmed(g));
    }

    private static ComputeInstanceProfile computeInstanceProfile(TreeNode c, ProfileName gi, int giMultiprocessors) {
        int slices = c.required("slices").integer();
        if (slices < 1 || slices > gi.gpuSlices()) {
            throw c.required("slices").fail("must be 1 to " + gi.gpuSlices() + " inside " + gi + ", got " + slices);
        }
        Set<String> unconfirmed = new HashSet<>(unconfirmed(c));
        Integer sms = c.optional("multiprocessors").map(TreeNode::integer).orElse(null);
        if (sms == null && slices == gi.gpuSlices()) {
            sms = giMultiprocessors;
        } else if (sms == null) {
            unconfirmed.add("multiprocessors");
        }
        return new ComputeInstanceProfile(gi.withComputeSlices(slices), c.required("index").integer(),
                c.required("id").integer(), slices, c.required("maxInstances").integer(), sms,
                placements(c.required("placements")), c.optional("default").map(TreeNode::bool).orElse(false),
                unconfirmed);
    }

    private static ProfileName name(TreeNode n) {
        try {
            return ProfileName.parse(n.text());
        } catch (InvalidProfileNameException e) {
            throw n.fail(e.getMessage());
        }
    }

    private static List<Placement> placements(TreeNode n) {
        int size = n.required("size").integer();
        List<Placement> out = new ArrayList<>();
        for (TreeNode s : n.required("starts").elements()) {
            try {
                out.add(new Placement(s.integer(), size));
            } catch (IllegalArgumentException e) {
                throw s.fail(e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw n.fail("starts must not be empty");
        }
        return out;
    }

    /** Every product, in catalog order. */
    public List<GpuProduct> products() {
        return products;
    }

    /**
     * Finds a product by alias ({@code H100-80GB}), NVML name ({@code NVIDIA H100 80GB HBM3}, with or without
     * the {@code NVIDIA } prefix) or PCI device id ({@code 0x2330}, {@code 0x233010DE}); case is ignored.
     */
    public Optional<GpuProduct> find(String key) {
        Objects.requireNonNull(key, "key");
        String k = key.strip();
        if (PciDeviceId.looksLikePciId(k)) {
            try {
                int id = PciDeviceId.parse(k);
                return products.stream().filter(p -> p.hasPciDeviceId(id)).findFirst();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String lower = k.toLowerCase(Locale.ROOT);
        String withVendor = lower.startsWith("nvidia ") ? lower : "nvidia " + lower;
        return products.stream().filter(p -> p.alias().equalsIgnoreCase(k)).findFirst()
                .or(() -> products.stream().filter(p -> p.variants().stream()
                        .anyMatch(v -> v.name().toLowerCase(Locale.ROOT).equals(withVendor))).findFirst());
    }

    /** Finds the product of a board by its 16-bit PCI device id. */
    public Optional<GpuProduct> findByPciDeviceId(int pciDeviceId) {
        return products.stream().filter(p -> p.hasPciDeviceId(pciDeviceId)).findFirst();
    }

    /**
     * Like {@link #find(String)}, but fails with a message that lists the known aliases.
     *
     * @throws UnknownProductException when nothing matches
     */
    public GpuProduct require(String key) {
        if (PciDeviceId.looksLikePciId(key)) {
            PciDeviceId.parse(key);
        }
        return find(key).orElseThrow(() -> new UnknownProductException(key,
                products.stream().map(GpuProduct::alias).collect(Collectors.joining(", "))));
    }
}
