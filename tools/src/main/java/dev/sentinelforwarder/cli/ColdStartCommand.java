package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.bench.ColdStartProbe;
import dev.sentinelforwarder.local.LocalServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coldstart}: starts the local S3 and Logs Ingestion services here, then a fresh JVM ({@link ColdStartProbe})
 * that builds the forwarder and handles one event against them, and prints its init and first-event times. JVM
 * options (e.g. {@code -XX:TieredStopAtLevel=1}, {@code -XX:SharedArchiveFile=...}) go to the measured JVM.
 */
@Command(name = "coldstart", description = {"Measure a cold start: init and first-event times of a fresh JVM.",
        "The JVM builds the forwarder and handles one event against local services. Other arguments (-XX:...) are",
        "options of the measured JVM."})
final class ColdStartCommand extends ToolCommand {
    @Option(names = "--event", paramLabel = "FILE", description = "the SQS event (default: ${DEFAULT-VALUE})")
    Path event = Path.of("events", "sqs-guardduty.json");
    @Option(names = "--objects", paramLabel = "DIR", description = "the objects it names, as <bucket>/<key> (default: ${DEFAULT-VALUE})")
    Path objects = Path.of("samples", "objects");
    @Parameters(paramLabel = "JVM_OPTION", arity = "0..*", description = "options of the measured JVM, e.g. -XX:TieredStopAtLevel=1")
    List<String> jvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isRegularFile(event) || !Files.isDirectory(objects)) {
            throw new CommandFailedException((Files.isRegularFile(event) ? objects + " is not a directory" : event + ": no such file")
                    + " (run from the repository root, or give --event and --objects)");
        }
        try (LocalServices local = LocalServices.start(objects)) {
            Path trustStore = Files.createTempFile("coldstart", ".p12");
            local.ingestion().writeTrustStore(trustStore);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED"); // as the function runs: libdeflate through JNI, no warning
            command.addAll(jvmOptions);
            command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), ColdStartProbe.class.getName(),
                    event.toString(), local.s3().endpoint().toString(), trustStore.toString(), local.sts().endpoint().toString()));
            ProcessBuilder probe = new ProcessBuilder(command).redirectErrorStream(true);
            probe.environment().putAll(local.environment());
            Process process = probe.start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            int status = process.waitFor();
            out.println(output);
            Files.deleteIfExists(trustStore);
            return status;
        }
    }
}
