package dev.sentinelforwarder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The Lambda jar holds what runs in Lambda and none of the tooling, which lives in the tools module. */
class LambdaJarIT {
    private static final Path JAR = Path.of(System.getProperty("project.basedir", "."), "target", "forwarder.jar");

    @Test
    void holdsTheHandlersAndTheirPipelineAndNoCommandFakeOrBench() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> ours = jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("dev/sentinelforwarder/")).toList();

            assertThat(ours).contains("dev/sentinelforwarder/handler/ForwarderHandler.class",
                    "dev/sentinelforwarder/cloudwatch/CloudWatchExportHandler.class",
                    "dev/sentinelforwarder/handler/SnapStartPriming.class", "dev/sentinelforwarder/sample/LogGenerator.class");
            for (String tooling : List.of("cli", "bench", "soak", "local", "azure", "backfill")) {
                assertThat(ours).as(tooling).noneMatch(n -> n.startsWith("dev/sentinelforwarder/" + tooling + "/"));
            }
            assertThat(jar.stream().map(ZipEntry::getName)).as("no runtime client, no test libraries")
                    .noneMatch(n -> n.startsWith("com/amazonaws/services/lambda/runtime/api/client/") || n.startsWith("org/junit/"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).as("no command line").isNull();
        }
    }
}
