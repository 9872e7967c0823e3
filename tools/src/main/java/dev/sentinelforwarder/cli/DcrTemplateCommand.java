package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.azure.DcrTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dcr-template [--out FILE]}: writes the Azure ARM template (default infra/azure/dcr.json). */
@Command(name = "dcr-template", description = "Write the Azure ARM template (rule, identity, role) made from the table schemas.")
final class DcrTemplateCommand extends ToolCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "where to write it (default: ${DEFAULT-VALUE})")
    Path file = Path.of("infra", "azure", "dcr.json");

    @Override
    public Integer call() throws IOException {
        Files.writeString(file, DcrTemplate.json());
        out.println("wrote " + file);
        return 0;
    }
}
