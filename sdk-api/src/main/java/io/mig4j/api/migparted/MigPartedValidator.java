package io.mig4j.api.migparted;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.LayoutSolver;
import io.mig4j.api.layout.LayoutViolation;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacementResult;
import io.mig4j.api.layout.RequestedInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a mig-parted config against the product catalog, so that a config that would fail half-way through
 * {@code nvidia-mig-parted apply} on a node (a profile the GPU lacks, more instances than it allows, instances
 * that no placement can hold together) is caught where it is written.
 *
 * <p>Which products an entry is checked on:
 * <ul>
 *   <li>With a {@code device-filter}: the catalog products with those PCI ids. Every profile must exist on each,
 *       and the instances must fit on each. An id the catalog lacks is a warning, since it cannot be checked.</li>
 *   <li>Without one: every product that has all the entry's profile names (so {@code all-1g.5gb} is checked on
 *       A100-40GB only). It is an error when no product has them all, or when the instances fit none of them; when
 *       they fit some, the products they do not fit get warnings (mig-parted would fail on such a GPU, but the
 *       config file is commonly shared by nodes with other GPUs).</li>
 * </ul>
 * {@link #validate(MigPartedConfig, GpuProduct)} checks for one product instead, as a node with known GPUs needs.
 */
public final class MigPartedValidator {
    private final ProductCatalog catalog;

    public MigPartedValidator(ProductCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** A validator for {@link ProductCatalog#builtIn()}. */
    public static MigPartedValidator builtIn() {
        return new MigPartedValidator(ProductCatalog.builtIn());
    }

    public ProductCatalog catalog() {
        return catalog;
    }

    /** Checks every device entry of every config on the catalog products it can apply to (see the class comment). */
    public MigPartedValidation validate(MigPartedConfig config) {
        List<MigPartedProblem> problems = new ArrayList<>();
        List<MigPartedPlacement> placements = new ArrayList<>();
        config.configs().forEach((name, entries) -> {
            for (int i = 0; i < entries.size(); i++) {
                Entry e = new Entry(name, i + 1, entries.get(i));
                spelling(e, problems);
                if (e.entry.hasDeviceFilter()) {
                    filtered(e, problems, placements);
                } else {
                    unfiltered(e, problems, placements);
                }
            }
        });
        return new MigPartedValidation(problems, placements);
    }

    /**
     * Checks the config for GPUs of one product ({@code mig4j ... --gpu H100-80GB}): only the entries whose
     * {@code device-filter} names one of the product's PCI ids, or that have no filter, and every one of those must
     * work on the product. A config with no entry for the product gets a warning.
     */
    public MigPartedValidation validate(MigPartedConfig config, GpuProduct product) {
        Objects.requireNonNull(product, "product");
        List<MigPartedProblem> problems = new ArrayList<>();
        List<MigPartedPlacement> placements = new ArrayList<>();
        config.configs().forEach((name, entries) -> {
            boolean any = false;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = new Entry(name, i + 1, entries.get(i));
                if (!e.entry.appliesTo(product)) {
                    continue;
                }
                any = true;
                spelling(e, problems);
                Check c = check(e, product);
                problems.addAll(c.errors);
                c.placement().ifPresent(placements::add);
            }
            if (!any) {
                problems.add(new MigPartedProblem(MigPartedProblem.Severity.WARNING, name, 0, product.alias(), null,
                        "config '" + name + "' has no device entry for " + product.alias() + ": every entry's"
                                + " device-filter names other GPUs"));
            }
        });
        return new MigPartedValidation(problems, placements);
    }

    private void filtered(Entry e, List<MigPartedProblem> problems, List<MigPartedPlacement> placements) {
        Set<GpuProduct> products = new LinkedHashSet<>();
        for (int id : e.entry.deviceFilter()) {
            Optional<GpuProduct> p = catalog.findByPciDeviceId(id);
            if (p.isPresent()) {
                products.add(p.get());
            } else {
                problems.add(e.problem(MigPartedProblem.Severity.WARNING, null, null, "device-filter "
                        + PciDeviceId.formatWithVendor(id) + " is not in the catalog; not checked"));
            }
        }
        for (GpuProduct product : products) {
            Check c = check(e, product);
            problems.addAll(c.errors);
            c.placement().ifPresent(placements::add);
        }
    }

    private void unfiltered(Entry e, List<MigPartedProblem> problems, List<MigPartedPlacement> placements) {
        List<GpuProduct> candidates = catalog.products().stream().filter(p -> hasAllProfiles(p, e.entry)).toList();
        if (candidates.isEmpty()) {
            noProductHasAll(e, problems);
            return;
        }
        List<Check> checks = candidates.stream().map(p -> check(e, p)).toList();
        List<String> fitting = checks.stream().filter(c -> c.layout != null).map(c -> c.product.alias()).toList();
        for (Check c : checks) {
            if (c.layout != null) {
                placements.add(c.placement().orElseThrow());
            } else if (fitting.isEmpty()) {
                problems.addAll(c.errors);
            } else {
                for (MigPartedProblem p : c.errors) {
                    problems.add(new MigPartedProblem(MigPartedProblem.Severity.WARNING, p.configName(),
                            p.entryNumber(), p.productAlias(), p.profile(), p.message() + " (a warning, not an error:"
                            + " the entry has no device-filter and fits " + String.join(", ", fitting)
                            + "; mig-parted would fail on " + c.product.alias() + ")"));
                }
            }
        }
    }

    private void noProductHasAll(Entry e, List<MigPartedProblem> problems) {
        boolean unknownSomewhere = false;
        for (MigPartedProfileCount c : e.entry.migDevices()) {
            if (productsWith(c).isEmpty()) {
                unknownSomewhere = true;
                problems.add(e.problem(MigPartedProblem.Severity.ERROR, null, c.text(), "no product in the catalog"
                        + " has profile " + c.text() + " (known products: " + catalog.products().stream()
                                .map(GpuProduct::alias).collect(Collectors.joining(", ")) + ")"));
            }
        }
        if (!unknownSomewhere) {
            problems.add(e.problem(MigPartedProblem.Severity.ERROR, null, null, "no single product has all of "
                    + e.entry.migDevices().stream().map(c -> c.text() + " (" + String.join(", ", productsWith(c)) + ")")
                            .collect(Collectors.joining(", "))
                    + "; give each product its own device entry with a device-filter"));
        }
    }

    private List<String> productsWith(MigPartedProfileCount c) {
        return catalog.products().stream().filter(p -> p.profileByName(c.name().gpuInstanceName()).isPresent())
                .map(GpuProduct::alias).toList();
    }

    private static boolean hasAllProfiles(GpuProduct product, MigPartedDeviceEntry entry) {
        return entry.migDevices().stream()
                .allMatch(c -> product.profileByName(c.name().gpuInstanceName()).isPresent());
    }

    private static void spelling(Entry e, List<MigPartedProblem> problems) {
        for (MigPartedProfileCount c : e.entry.migDevices()) {
            if (!c.isCanonical()) {
                problems.add(e.problem(MigPartedProblem.Severity.WARNING, null, c.text(), "profile '" + c.text()
                        + "' is not written the way mig-parted writes it, '" + c.name() + "'; mig-parted may not"
                        + " recognize it"));
            }
        }
    }

    /** Whether the entry's instances exist, respect their instance limits and fit together on the product. */
    private static Check check(Entry e, GpuProduct product) {
        List<MigPartedProblem> errors = new ArrayList<>();
        Map<GpuInstanceProfile, List<MigPartedProfileCount>> byProfile = new LinkedHashMap<>();
        for (MigPartedProfileCount c : e.entry.migDevices()) {
            Optional<GpuInstanceProfile> gi = product.profileByName(c.name().gpuInstanceName());
            if (gi.isEmpty()) {
                errors.add(e.error(product, c.text(), "profile " + c.text() + " does not exist on " + product.alias()
                        + " (its profiles: " + profileList(product) + ")"));
            } else if (c.name().isComputeInstance() && gi.get().computeInstanceProfiles().stream()
                    .noneMatch(ci -> ci.slices() == c.name().computeSlices())) {
                errors.add(e.error(product, c.text(), "compute instance profile " + c.text() + " is not offered by "
                        + gi.get().name() + " on " + product.alias() + " (its compute instance profiles: "
                        + gi.get().computeInstanceProfiles().stream().map(ci -> ci.name().toString())
                                .collect(Collectors.joining(", ")) + ")"));
            } else {
                byProfile.computeIfAbsent(gi.get(), p -> new ArrayList<>()).add(c);
            }
        }
        if (!errors.isEmpty()) {
            return new Check(e, product, errors, null);
        }
        byProfile.forEach((profile, counts) -> {
            int total = counts.stream().mapToInt(MigPartedProfileCount::count).sum();
            if (total > profile.maxInstances()) {
                boolean asNamed = counts.size() == 1 && counts.get(0).text().equals(profile.name().toString());
                String written = asNamed ? "" : " (written " + counts.stream().map(MigPartedProfileCount::text)
                        .collect(Collectors.joining(", ")) + ")";
                errors.add(e.error(product, counts.size() == 1 ? counts.get(0).text() : null, total + " instances of "
                        + profile.name() + written + " requested but at most " + profile.maxInstances()
                        + " can exist on " + product.alias()));
            }
        });
        if (!errors.isEmpty()) {
            return new Check(e, product, errors, null);
        }
        List<RequestedInstance> requests = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (MigPartedProfileCount c : e.entry.migDevices()) {
            GpuInstanceProfile profile = product.profileByName(c.name().gpuInstanceName()).orElseThrow();
            for (int k = 0; k < c.count(); k++) {
                requests.add(RequestedInstance.anywhere(profile));
                texts.add(c.text());
            }
        }
        PlacementResult result = LayoutSolver.solve(product, requests);
        if (result.isPlaced()) {
            return new Check(e, product, List.of(), result.layout().orElseThrow());
        }
        for (LayoutViolation v : result.violations()) {
            Set<String> involved = v.instances().stream().map(texts::get).collect(Collectors.toSet());
            errors.add(e.error(product, involved.size() == 1 ? involved.iterator().next() : null,
                    "the instances do not fit: " + v.message()));
        }
        return new Check(e, product, errors, null);
    }

    private static String profileList(GpuProduct product) {
        return product.gpuInstanceProfiles().stream().map(p -> p.aliases().isEmpty() ? p.name().toString()
                : p.name() + " (also " + p.aliases().stream().map(Object::toString).collect(Collectors.joining(", "))
                        + ")").collect(Collectors.joining(", "));
    }

    /** A device entry with where it is in the file. */
    private static final class Entry {
        final String configName;
        final int number;
        final MigPartedDeviceEntry entry;

        Entry(String configName, int number, MigPartedDeviceEntry entry) {
            this.configName = configName;
            this.number = number;
            this.entry = entry;
        }

        MigPartedProblem problem(MigPartedProblem.Severity severity, GpuProduct product, String profile,
                                 String detail) {
            String where = "config '" + configName + "', device entry " + number
                    + (product == null ? "" : " on " + product.alias());
            return new MigPartedProblem(severity, configName, number, product == null ? null : product.alias(),
                    profile, where + ": " + detail);
        }

        MigPartedProblem error(GpuProduct product, String profile, String detail) {
            return problem(MigPartedProblem.Severity.ERROR, product, profile, detail);
        }
    }

    /** The outcome of one entry on one product: errors, or the layout. */
    private static final class Check {
        final Entry entry;
        final GpuProduct product;
        final List<MigPartedProblem> errors;
        final MigLayout layout;

        Check(Entry entry, GpuProduct product, List<MigPartedProblem> errors, MigLayout layout) {
            this.entry = entry;
            this.product = product;
            this.errors = errors;
            this.layout = layout;
        }

        Optional<MigPartedPlacement> placement() {
            return layout == null ? Optional.empty() : Optional.of(new MigPartedPlacement(entry.configName,
                    entry.number, entry.entry, product, layout));
        }
    }
}
