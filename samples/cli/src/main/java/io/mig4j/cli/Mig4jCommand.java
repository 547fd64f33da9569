package io.mig4j.cli;

import picocli.CommandLine.Command;

@Command(name = "mig4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "NVIDIA Multi-Instance GPU partitioning: profiles, layouts and mig-parted configs; Kubernetes DRA"
                + " manifests, ResourceSlices and validation (mig4j dra); an in-memory Kubernetes API server (mig4j serve).",
        subcommands = {ProfilesCommand.class, ProductsCommand.class, ValidateCommand.class, LayoutsCommand.class,
                MigPartedCommand.class, InventoryCommand.class, MigCommand.class, ApplyCommand.class,
                DoctorCommand.class, DraCommand.class, ServeCommand.class, DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid layout or config, or a failure", "2:bad input"})
final class Mig4jCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
