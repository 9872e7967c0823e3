package dev.sentinelforwarder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sentinelforwarder.config.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml points at real handlers, sets only variables the code reads, and passes cfn-lint. */
class SamTemplateTest {
    private static final Path TEMPLATE = Path.of("..", "template.yaml");

    @Test
    void everyFunctionNamesAHandlerClassThatExists() throws Exception {
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            String handler = function.getValue().at("/Properties/Handler").textValue();
            String className = handler.substring(0, handler.indexOf("::"));
            Class<?> type = Class.forName(className);
            assertThat(RequestHandler.class.isAssignableFrom(type)).as(function.getKey() + " " + handler).isTrue();
            assertThat(handler).endsWith("::handleRequest");
            assertThat(type.getConstructor()).as("Lambda needs a no-argument constructor").isNotNull();
        }
    }

    @Test
    void setsOnlyEnvironmentVariablesTheCodeReads() throws Exception {
        Set<String> known = Arrays.stream(Setting.values()).map(Setting::name).collect(Collectors.toSet());
        known.add("JAVA_TOOL_OPTIONS"); // read by the JVM itself: lets libdeflate load without JDK 25's warning
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            function.getValue().at("/Properties/Environment/Variables").fieldNames()
                    .forEachRemaining(name -> assertThat(known).as(function.getKey()).contains(name));
        }
    }

    /**
     * The forwarder starts with the environment template.yaml gives it, deployed (federated), and under {@code sam local
     * invoke --env-vars} with the README's env.json (secret): SAM passes a local run only the variables the template
     * declares, so each one the README sets must be declared.
     */
    @Test
    void theForwarderStartsWithWhatTheTemplateDeclaresInEachAuthMode() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
        Map<String, String> samples = Map.of("IngestionEndpoint", "https://sentinel-a1b2.westeurope-1.ingest.monitor.azure.com",
                "DcrImmutableId", "dcr-0123456789abcdef0123456789abcdef", "AzureTenantId", "00000000-0000-0000-0000-000000000001",
                "AzureClientId", "00000000-0000-0000-0000-000000000002", "LogBucketName", "example-log-bucket", "Ledger", "ledger");
        Map<String, String> deployed = new java.util.HashMap<>();
        template.at("/Resources/Forwarder/Properties/Environment/Variables").properties().forEach(variable -> {
            // Jackson drops the !Ref and !Sub tags: a value that names a parameter or resource is one of them
            String value = variable.getValue().asText();
            String resolved = samples.getOrDefault(value, template.at("/Parameters/" + value + "/Default").asText(value));
            for (var parameter : template.get("Parameters").properties()) {
                resolved = resolved.replace("${" + parameter.getKey() + "}", samples.getOrDefault(parameter.getKey(),
                        parameter.getValue().path("Default").asText()));
            }
            deployed.put(variable.getKey(), resolved);
        });
        assertThat(dev.sentinelforwarder.config.ForwarderConfig.from(deployed).credentials())
                .isInstanceOf(dev.sentinelforwarder.config.ForwarderConfig.AzureCredentialsSource.Federated.class);

        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        java.util.regex.Matcher example = java.util.regex.Pattern.compile("`env.json` holds `(\\{\"Forwarder\":\\{[^`]*})`").matcher(readme);
        assertThat(example.find()).as("the README's env.json").isTrue();
        Map<String, String> values = Map.of("INGESTION_ENDPOINT", samples.get("IngestionEndpoint"), "DCR_IMMUTABLE_ID",
                samples.get("DcrImmutableId"), "AZURE_CREDENTIALS_SECRET_ARN",
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:entra-app-AbCdEf", "ALLOWED_BUCKETS", "my-log-bucket/AWSLogs/");
        Map<String, String> local = new java.util.HashMap<>(deployed);
        new ObjectMapper().readTree(example.group(1)).get("Forwarder").properties().forEach(variable -> {
            assertThat(deployed).as("SAM sets only declared variables: " + variable.getKey()).containsKey(variable.getKey());
            local.put(variable.getKey(), values.getOrDefault(variable.getKey(), variable.getValue().asText()));
        });
        assertThat(dev.sentinelforwarder.config.ForwarderConfig.from(local).credentials())
                .isInstanceOf(dev.sentinelforwarder.config.ForwarderConfig.AzureCredentialsSource.FromSecret.class);
    }

    @Test
    void theForwarderMayReadTheObjectOfEverySampleEventWhereTheTemplateRoutesIt() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
        String logPrefix = template.at("/Parameters/LogPrefix/Default").textValue();
        String allowed = template.at("/Resources/Forwarder/Properties/Environment/Variables/ALLOWED_BUCKETS").toString();
        assertThat(allowed).contains("${LogBucketName}/${LogPrefix}").contains("${LogBucketName}/cloudwatch/");
        Set<dev.sentinelforwarder.format.LogType> types = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.list(Path.of("..", "events"))) {
            for (Path event : files.filter(f -> f.getFileName().toString().startsWith("sqs-")).toList()) {
                for (JsonNode message : new ObjectMapper().readTree(event.toFile()).get("Records")) {
                    for (JsonNode record : new ObjectMapper().readTree(message.get("body").textValue()).path("Records")) {
                        String key = java.net.URLDecoder.decode(record.at("/s3/object/key").textValue(), StandardCharsets.UTF_8);
                        assertThat(key).as(event + " names an object outside the routed prefixes").startsWith(logPrefix);
                        dev.sentinelforwarder.format.TypeDetection.fromKey(key).ifPresent(types::add);
                    }
                }
            }
        }
        assertThat(types).as("the sample events name an object of every type, all under " + logPrefix)
                .containsExactlyInAnyOrder(dev.sentinelforwarder.format.LogType.values());
    }

    @Test
    void theSqsEventReportsPartialBatchFailures() throws Exception {
        JsonNode events = functions().get("Forwarder").at("/Properties/Events");
        assertThat(events.elements()).toIterable().anySatisfy(event -> {
            assertThat(event.get("Type").textValue()).isEqualTo("SQS");
            assertThat(event.at("/Properties/FunctionResponseTypes/0").textValue()).isEqualTo("ReportBatchItemFailures");
        });
    }

    @Test
    void theForwarderUsesSnapStartOnAPublishedAlias() throws Exception {
        JsonNode forwarder = functions().get("Forwarder").get("Properties");
        assertThat(forwarder.at("/SnapStart/ApplyOn").textValue()).isEqualTo("PublishedVersions");
        assertThat(forwarder.get("AutoPublishAlias").textValue()).isEqualTo("live");
    }

    @Test
    void everyQueueIsEncryptedWithTheCustomerKeyAndRefusesPlainHttp() throws Exception {
        JsonNode resources = resources();
        List<String> queues = new java.util.ArrayList<>();
        resources.properties().forEach(e -> {
            if ("AWS::SQS::Queue".equals(e.getValue().path("Type").asText())) {
                queues.add(e.getKey());
                assertThat(e.getValue().at("/Properties/KmsMasterKeyId").asText()).as(e.getKey()).isEqualTo("QueueKey");
            }
        });
        assertThat(queues).containsExactlyInAnyOrder("Queue", "DeadLetterQueue", "CompanionDeadLetterQueue");
        JsonNode policy = resources.get("QueuePolicy").get("Properties");
        assertThat(policy.get("Queues")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(queues);
        assertThat(policy.at("/PolicyDocument/Statement")).anySatisfy(statement -> {
            assertThat(statement.get("Effect").asText()).isEqualTo("Deny");
            assertThat(statement.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
            assertThat(statement.get("Resource")).hasSize(3);
        });
    }

    @Test
    void theFunctionsHaveRolesOfTheirOwnAndTheCompanionKeepsWhatFailsAfterItsRetries() throws Exception {
        for (JsonNode function : functions().values()) {
            assertThat(function.at("/Properties/Role").isMissingNode()).isFalse();
            assertThat(function.at("/Properties/Policies").isMissingNode()).as("SAM policy templates are not used").isTrue();
        }
        JsonNode invoke = functions().get("CloudWatchCompanion").at("/Properties/EventInvokeConfig");
        assertThat(invoke.get("MaximumRetryAttempts").intValue()).isEqualTo(2);
        assertThat(invoke.at("/DestinationConfig/OnFailure/Type").asText()).isEqualTo("SQS");
        assertThat(invoke.at("/DestinationConfig/OnFailure/Destination").asText()).isEqualTo("CompanionDeadLetterQueue.Arn");
        assertThat(resources().get("CompanionDeadLetterQueueNotEmpty").at("/Properties/Threshold").intValue()).isZero();
    }

    @Test
    void cfnLintAcceptsTheTemplate() throws Exception {
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", TEMPLATE.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cfn-lint is needed to validate template.yaml (pip install cfn-lint)", e);
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor()).as(output).isZero();
    }

    private static JsonNode resources() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile()).get("Resources");
    }

    private static Map<String, JsonNode> functions() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
        Map<String, JsonNode> functions = new java.util.TreeMap<>();
        template.get("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                functions.put(e.getKey(), e.getValue());
            }
        });
        assertThat(functions).containsOnlyKeys("CloudWatchCompanion", "Forwarder");
        return functions;
    }
}
