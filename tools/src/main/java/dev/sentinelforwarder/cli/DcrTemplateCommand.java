package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.azure.DcrTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code dcr-template [--out FILE]}: writes the Azure ARM template (default infra/azure/dcr.json). */
final class DcrTemplateCommand {
    private DcrTemplateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = Path.of("infra", "azure", "dcr.json");
        if (args.length == 2 && args[0].equals("--out")) {
            file = Path.of(args[1]);
        } else if (args.length != 0) {
            throw new UsageException("dcr-template [--out FILE]");
        }
        try {
            Files.writeString(file, DcrTemplate.json());
            out.println("wrote " + file);
            return 0;
        } catch (IOException e) {
            err.println("dcr-template: " + e.getMessage());
            return 1;
        }
    }
}
