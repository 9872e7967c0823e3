package dev.sentinelforwarder.local;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One function in its own JVM, started as Lambda's managed Java runtime starts it: the function's jar unpacked
 * as the task root ({@code LAMBDA_TASK_ROOT}), the runtime interface client alone on the class path, the
 * handler named by {@code _HANDLER}, and the Lambda environment variables beside the function's own.
 */
public final class FunctionProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private FunctionProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** The Lambda jar as deployed, from the repository root or one of its modules. */
    public static Path lambdaJar() {
        return repository().resolve(Path.of("function", "target", "forwarder.jar"));
    }

    /** The runtime client's jars, which tools/pom.xml copies beside the tools jar. */
    public static Path runtime() {
        return repository().resolve(Path.of("tools", "target", "lambda-runtime"));
    }

    /** The repository root: here, or the parent when run from a module (as the tests are). */
    private static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("function")) ? here : here.getParent();
    }

    /**
     * @param jar the built function jar, as deployed
     * @param runtime the folder of the runtime interface client's jars
     * @param jvmOptions beside the runtime's own, e.g. the trust store of local HTTPS fakes
     */
    public static FunctionProcess start(Path jar, Path runtime, String handler, LambdaRuntimeApi api, Map<String, String> environment,
            List<String> jvmOptions, Path work) throws IOException {
        if (!Files.isRegularFile(jar) || !Files.isDirectory(runtime)) {
            throw new IOException((Files.isRegularFile(jar) ? runtime : jar) + " is missing: build with ./mvnw -DskipTests package");
        }
        Path taskRoot = unpack(jar, Files.createDirectories(work.toAbsolutePath().resolve("task")));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The managed runtime's own flags (fast start on few cores).
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx512m",
                "-Djava.net.preferIPv4Stack=true",
                // What the stack's JAVA_TOOL_OPTIONS adds: libdeflate is loaded through JNI without JDK 25's warning.
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", runtimeClassPath(runtime), AWSLambda.class.getName(), handler));
        // The runtime client takes the task root from the working directory, as the managed runtime starts it in /var/task.
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
        Path output = work.toAbsolutePath().resolve("function.log");
        builder.redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "sentinel-forwarder");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/sentinel-forwarder");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.putIfAbsent("AWS_REGION", "us-east-1");
        return new FunctionProcess(builder.start(), output);
    }

    /** What the function printed: its log lines and the runtime client's. */
    public String output() throws IOException {
        return Files.readString(output);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The runtime interface client and what it needs; the function's classes are not on it. */
    private static String runtimeClassPath(Path runtime) throws IOException {
        try (var jars = Files.list(runtime)) {
            return String.join(java.io.File.pathSeparator, jars.filter(j -> j.toString().endsWith(".jar"))
                    .map(j -> j.toAbsolutePath().toString()).sorted().toList());
        }
    }

    /** Lambda unpacks a jar deployment package into the task root. */
    private static Path unpack(Path jar, Path root) throws IOException {
        try (InputStream file = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("jar entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return root;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
