package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.bench.ColdStartProbe;
import dev.sentinelforwarder.local.LocalServices;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code coldstart [--event FILE] [--objects DIR] [JVM options...]}: starts the local S3 and Logs Ingestion services here,
 * then a fresh JVM ({@link ColdStartProbe}) that builds the forwarder and handles one event against them,
 * and prints its init and first-event times. JVM options (e.g. {@code -XX:TieredStopAtLevel=1},
 * {@code -XX:SharedArchiveFile=...}) go to the measured JVM.
 */
final class ColdStartCommand {
    private ColdStartCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path event = Path.of("events", "sqs-guardduty.json");
        Path objects = Path.of("samples", "objects");
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--event")) {
                event = Path.of(args[++i]);
            } else if (args[i].equals("--objects")) {
                objects = Path.of(args[++i]);
            } else {
                jvmOptions.add(args[i]);
            }
        }
        try (LocalServices local = LocalServices.start(objects)) {
            Path trustStore = Files.createTempFile("coldstart", ".p12");
            local.ingestion().writeTrustStore(trustStore);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
        } catch (IOException e) {
            err.println("coldstart: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
