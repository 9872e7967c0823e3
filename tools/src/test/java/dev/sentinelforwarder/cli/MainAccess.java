package dev.sentinelforwarder.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The commands, run as the command line runs them, on a test's own AWS clients (the command classes are the cli package's). */
public final class MainAccess {
    private MainAccess() {
    }

    /** {@code forwarder replay ARGS...} on these clients; what it prints goes to {@code out}. */
    public static int replay(S3Client s3, SqsClient sqs, ByteArrayOutputStream out, String... args) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Main.run(Stream.concat(Stream.of("replay"), Stream.of(args)).toArray(String[]::new), print, print,
                List.of(new ReplayCommand(s3, sqs, false)));
    }
}
