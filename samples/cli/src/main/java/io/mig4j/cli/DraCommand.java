package io.mig4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mig4j dra ...}: Kubernetes Dynamic Resource Allocation ({@code resource.k8s.io/v1}) commands. */
@Command(name = "dra", mixinStandardHelpOptions = true,
        description = "Kubernetes Dynamic Resource Allocation (resource.k8s.io/v1): allocate claims as kube-scheduler"
                + " would.",
        subcommands = {DraAllocateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a valid request that cannot be met", "2:bad input"})
final class DraCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
