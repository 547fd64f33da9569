package io.mig4j.cli;

import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.nvml.MigManager;
import io.mig4j.nvml.ProfileDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The read-only instance commands of {@code mig4j mig} ({@code lgip}, {@code lgipp}, {@code lgi}, {@code lci}),
 * printed as nvidia-smi prints them, or as one JSON document with {@code --json}.
 */
final class MigListCommands {
    private MigListCommands() {
    }

    @Command(name = "list-gip", aliases = "lgip", mixinStandardHelpOptions = true,
            description = "List the GPU instance profiles with free and total instances (nvidia-smi mig -lgip).")
    static final class ListGpuInstanceProfiles extends MigCommand.Base {
        @Override
        int run(NodeOptions.Node opened) {
            MigManager reader = MigManager.builder(opened.nvml()).build();
            Table t = new Table("GPU", "NAME", "ID", "FREE/TOTAL", "MEMORY_MIB", "P2P", "SM", "DEC", "ENC", "CE", "JPEG", "OFA");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int g : selected(opened.nvml())) {
                ProfileDiscovery d = reader.discoverProfiles(g);
                for (ProfileDiscovery.DiscoveredProfile p : d.profiles()) {
                    var i = p.info();
                    String free = (p.remainingCapacity() == null ? "?" : p.remainingCapacity()) + "/"
                            + ProfilesCommand.known(p, i.instanceCount());
                    t.row(g, "MIG " + p.profileName(), i.id(), free, ProfilesCommand.known(p, i.memorySizeMB()),
                            p.infoFromNvml() ? i.isP2pSupported() != 0 ? "Yes" : "No" : "?",
                            ProfilesCommand.known(p, i.multiprocessorCount()), ProfilesCommand.known(p, i.decoderCount()),
                            ProfilesCommand.known(p, i.encoderCount()), ProfilesCommand.known(p, i.copyEngineCount()),
                            ProfilesCommand.known(p, i.jpegCount()), ProfilesCommand.known(p, i.ofaCount()));
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("gpu", g);
                    r.put("name", p.profileName());
                    r.put("id", i.id());
                    r.put("free", p.remainingCapacity());
                    r.put("total", p.infoFromNvml() ? i.instanceCount() : null);
                    r.put("memoryMiB", p.infoFromNvml() ? i.memorySizeMB() : null);
                    r.put("multiprocessors", p.infoFromNvml() ? i.multiprocessorCount() : null);
                    rows.add(r);
                }
            }
            Warnings.unanswered(err(), reader.unansweredFunctions());
            return printListing("profiles", rows, t, null);
        }
    }

    @Command(name = "list-gipp", aliases = "lgipp", mixinStandardHelpOptions = true,
            description = "List the possible placements of each GPU instance profile (nvidia-smi mig -lgipp).")
    static final class ListGpuInstancePlacements extends MigCommand.Base {
        @Override
        int run(NodeOptions.Node opened) {
            MigManager reader = MigManager.builder(opened.nvml()).build();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int g : selected(opened.nvml())) {
                for (ProfileDiscovery.DiscoveredProfile p : reader.discoverProfiles(g).profiles()) {
                    if (!json) {
                        out().printf("GPU %2d Profile ID %2d Placements: %s%n", g, p.info().id(),
                                ProfilesCommand.placements(p.placements()));
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("gpu", g);
                    r.put("name", p.profileName());
                    r.put("id", p.info().id());
                    r.put("placements", p.placements() == null ? null : Json.placements(p.placements()));
                    rows.add(r);
                }
            }
            Warnings.unanswered(err(), reader.unansweredFunctions());
            if (json) {
                Json.print(out(), Map.of("profiles", rows));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list-gi", aliases = "lgi", mixinStandardHelpOptions = true,
            description = "List the GPU instances: profile, ID, placement start:size (nvidia-smi mig -lgi).")
    static final class ListGpuInstances extends MigCommand.Base {
        @Override
        int run(NodeOptions.Node opened) {
            MigManager reader = MigManager.builder(opened.nvml()).build();
            Table t = new Table("GPU", "NAME", "PROFILE_ID", "INSTANCE_ID", "PLACEMENT");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int g : selected(opened.nvml())) {
                for (GpuInstanceInfo gi : reader.gpu(g).gpuInstances()) {
                    t.row(g, "MIG " + gi.profileName(), gi.profileId(), gi.id(), gi.placement());
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("gpu", g);
                    r.put("gpuInstanceId", gi.id());
                    r.put("profile", gi.profileName());
                    r.put("profileId", gi.profileId());
                    r.put("placement", MigCommand.placement(gi.placement()));
                    rows.add(r);
                }
            }
            return printListing("gpuInstances", rows, t, "No GPU instances found: Not Found");
        }
    }

    @Command(name = "list-ci", aliases = "lci", mixinStandardHelpOptions = true,
            description = "List the compute instances: GI ID, profile, CI ID, placement start:size (nvidia-smi mig -lci).")
    static final class ListComputeInstances extends MigCommand.Base {
        @Option(names = "--gi", split = ",", paramLabel = "<id>", description = "Only these GPU instances.")
        List<Integer> gis;

        @Override
        int run(NodeOptions.Node opened) {
            MigManager reader = MigManager.builder(opened.nvml()).build();
            Table t = new Table("GPU", "GI_ID", "NAME", "PROFILE_ID", "CI_ID", "PLACEMENT", "MIG_DEVICE");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int g : selected(opened.nvml())) {
                for (GpuInstanceInfo gi : reader.gpu(g).gpuInstances()) {
                    if (gis != null && !gis.contains(gi.id())) {
                        continue;
                    }
                    for (ComputeInstanceInfo ci : gi.computeInstances()) {
                        t.row(g, gi.id(), "MIG " + ci.profileName(), ci.profileId(), ci.id(), ci.placement(),
                                ci.migDeviceUuid().isEmpty() ? "?" : ci.migDeviceUuid());
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("gpu", g);
                        r.put("gpuInstanceId", gi.id());
                        r.put("computeInstanceId", ci.id());
                        r.put("profile", ci.profileName());
                        r.put("profileId", ci.profileId());
                        r.put("placement", MigCommand.placement(ci.placement()));
                        r.put("migDeviceUuid", ci.migDeviceUuid().isEmpty() ? null : ci.migDeviceUuid());
                        rows.add(r);
                    }
                }
            }
            return printListing("computeInstances", rows, t, "No compute instances found: Not Found");
        }
    }
}
