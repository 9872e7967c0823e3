package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** {@code check} against the local services, with the real SDK clients, for each way a deployment can be wrong. */
class CheckCommandTest {
    private static final String OTHER_DCR = "dcr-ffffffffffffffffffffffffffffffff";

    @TempDir
    Path objects;

    private LocalServices local;
    private Map<String, String> env;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        local = LocalServices.start(objects);
        env = new HashMap<>(local.environment());
        env.put("ALLOWED_BUCKETS", "none");
    }

    @AfterEach
    void stop() {
        local.close();
    }

    private int check() {
        return check(local.services(objects.resolve("quarantine")));
    }

    private int check(Services services) {
        return CheckCommand.check(env, services, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** The local services, but STS through {@code sts}. */
    private Services servicesWith(StsClient sts) {
        Services services = local.services(objects.resolve("quarantine"));
        return new Services(services.s3(), services.secretsManager(), services.azureHttp(), services.quarantineStore(), services.queue(),
                services.dynamoDb(), () -> sts);
    }

    private List<String> lines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aGoodDeploymentPassesEveryStepAndStoresNoRow() {
        assertThat(check()).isZero();

        int streams = Tables.ALL.size();
        assertThat(lines()).hasSize(3 + streams);
        assertThat(lines().get(1)).startsWith("ok    token: Entra issued one for managed identity 00000000-0000-0000-0000-000000000002"
                + " in exchange for the function's AWS token (no secret), valid until ");
        assertThat(lines().subList(2, 2 + streams)).containsExactlyElementsOf(Tables.ALL.stream().map(table -> "ok    stream "
                + RowFormat.COMPACT.stream(table) + " (" + table.name() + "): an empty request was accepted (204): rows can be sent").toList());
        assertThat(lines().get(2 + streams)).isEqualTo("the forwarder can send to every stream");
        assertThat(local.ingestion().received()).hasSize(streams).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.rows()).isZero();
        });
        assertThat(local.ingestion().accepted().values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        assertThat(local.ingestion().tokenRequests()).as("the token step's, then the client's, which serves every stream").hasSize(2);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("eyJ").doesNotContain("fake-token-");
    }

    /**
     * A second workspace in the same tenant with a managed identity of its own: each destination gets its own token and
     * streams checked, one that fails does not stop the other's, and what to fix names the destination's settings.
     */
    @Test
    void everyDestinationIsCheckedWithItsOwnIdentityAndNamedInWhatToFix() throws IOException {
        String euIdentity = "00000000-0000-0000-0000-00000000000e";
        try (LogsIngestionFake eu = LogsIngestionFake.startInTenantOf(local.ingestion(), OTHER_DCR)) {
            env.put("DESTINATIONS", "[{\"name\":\"eu\",\"endpoint\":\"" + eu.endpoint() + "\",\"rules\":[\"" + OTHER_DCR
                    + "\"],\"clientId\":\"" + euIdentity + "\"}]");
            env.put("DESTINATION_RULES", "[{\"to\":\"eu\",\"region\":\"eu-*\"}]");
            int streams = Tables.ALL.size();

            assertThat(check()).as("the EU identity has no federated credential yet").isEqualTo(1);
            assertThat(lines().getFirst()).isEqualTo("checking destination default: " + LocalServices.DCR_IMMUTABLE_ID + " at "
                    + local.ingestion().endpoint() + "; destination eu: " + OTHER_DCR + " at " + eu.endpoint());
            assertThat(lines()).filteredOn(l -> l.startsWith("ok    destination default stream ")).hasSize(streams);
            assertThat(lines()).filteredOn(l -> l.startsWith("FAIL  destination eu token: ")).singleElement().asString()
                    .contains("to fix: Entra has no federated identity credential on the managed identity (clientId of destination eu)");
            assertThat(lines()).as("its streams are not tried").noneMatch(l -> l.contains("destination eu stream"));

            local.ingestion().federate(euIdentity, local.sts().issuer(), dev.sentinelforwarder.local.LocalSts.ROLE_ARN);
            stdout.reset();
            eu.answerRule(OTHER_DCR, 404);
            assertThat(check()).isEqualTo(1);
            assertThat(lines()).filteredOn(l -> l.startsWith("ok    destination eu token: Entra issued one for managed identity " + euIdentity))
                    .hasSize(1);
            assertThat(lines()).filteredOn(l -> l.startsWith("FAIL  destination eu stream ")).hasSize(streams).allSatisfy(line ->
                    assertThat(line).contains("there is no data collection rule " + OTHER_DCR + " at " + eu.endpoint()
                            + ": destination eu's rules and endpoint (DESTINATIONS) must be the Azure template's dcrImmutableIds"));

            stdout.reset();
            eu.answerNormally(OTHER_DCR);
            assertThat(check()).isZero();
            assertThat(lines()).filteredOn(l -> l.startsWith("ok    ")).hasSize(2 + 2 * streams);
            assertThat(eu.received()).filteredOn(r -> r.status() == 204).hasSize(streams);
        }
    }

    @Test
    void aWrongRuleIdIsNamedWithTheOutputsToUse() {
        env.put("DCR_IMMUTABLE_ID", OTHER_DCR);

        assertThat(check()).isEqualTo(1);

        assertThat(lines()).filteredOn(l -> l.startsWith("FAIL  stream ")).hasSize(Tables.ALL.size()).allSatisfy(line -> assertThat(line)
                .contains("404 InvalidDataCollectionRuleId")
                .contains("to fix: there is no data collection rule " + OTHER_DCR + " at " + local.ingestion().endpoint())
                .contains("DCR_IMMUTABLE_ID and INGESTION_ENDPOINT must be the Azure template's dcrImmutableIds and ingestionEndpoints outputs, each joined with commas"));
        assertThat(lines().getLast()).isEqualTo("the forwarder cannot send yet: fix what FAIL names");
    }

    @Test
    void withSeveralRulesEachIsCheckedAndARuleTheEndpointDoesNotServeIsNamed() {
        String second = "dcr-11111111111111111111111111111111";
        String unknown = "dcr-22222222222222222222222222222222";
        local.ingestion().addRule(second);
        env.put("DCR_IMMUTABLE_ID", LocalServices.DCR_IMMUTABLE_ID + "," + second + "," + unknown);

        assertThat(check()).isEqualTo(1);

        assertThat(lines().getFirst()).startsWith("checking data collection rules " + LocalServices.DCR_IMMUTABLE_ID + " at https://");
        for (String rule : List.of(LocalServices.DCR_IMMUTABLE_ID, second)) {
            assertThat(lines()).filteredOn(l -> l.startsWith("ok    rule " + rule + " stream ")).hasSize(Tables.ALL.size());
        }
        assertThat(lines()).filteredOn(l -> l.startsWith("FAIL  ")).hasSize(Tables.ALL.size())
                .allSatisfy(l -> assertThat(l).startsWith("FAIL  rule " + unknown + " stream ").contains("there is no data collection rule " + unknown));
    }

    @Test
    void aStreamTheRuleDoesNotDeclareFailsAloneAndIsNamed() {
        env.put("STREAM_VPCFLOW", "Custom-Flows");

        assertThat(check()).isEqualTo(1);

        assertThat(lines()).filteredOn(l -> l.startsWith("ok    stream ")).hasSize(Tables.ALL.size() - 1);
        assertThat(lines()).filteredOn(l -> l.startsWith("FAIL  ")).singleElement().asString()
                .startsWith("FAIL  stream Custom-Flows (AWSVPCFlow): 400 InvalidStream")
                .contains("to fix: data collection rule " + LocalServices.DCR_IMMUTABLE_ID + " declares no stream Custom-Flows");
    }

    @Test
    void aMissingRoleNamesTheRoleTheIdentityAndTheRule() {
        local.ingestion().publisherRole(false);

        assertThat(check()).isEqualTo(1);

        assertThat(lines().get(1)).startsWith("ok    token:");
        assertThat(lines()).filteredOn(l -> l.startsWith("FAIL  stream ")).hasSize(Tables.ALL.size()).allSatisfy(line -> assertThat(line)
                .contains("403 OperationFailed")
                .contains("to fix: the Logs Ingestion API refused the credentials: give the managed identity"
                        + " 00000000-0000-0000-0000-000000000002 (AZURE_CLIENT_ID) the role 'Monitoring Metrics Publisher' on data"
                        + " collection rule " + LocalServices.DCR_IMMUTABLE_ID));
    }

    @Test
    void noFederatedCredentialFailsAtTheTokenAndTriesNoStream() {
        local.ingestion().forgetFederation("00000000-0000-0000-0000-000000000002");

        assertThat(check()).isEqualTo(1);

        assertThat(lines()).hasSize(3);
        assertThat(lines().get(1)).startsWith("FAIL  token: 0 FederationUnmatched: ").contains("AADSTS70021")
                .contains("to fix: Entra has no federated identity credential on the managed identity (AZURE_CLIENT_ID)");
        assertThat(local.ingestion().received()).isEmpty();
    }

    /** A shell with no AWS sign-in: the real SDK's credential chain finds nothing; said once, as the cause, with what to do. */
    @Test
    void noAwsCredentialsAreTheCauseNamedOnceAndNoStreamIsTried() throws IOException {
        Path noProfiles = java.nio.file.Files.writeString(objects.resolve("empty-aws-config"), "");
        StsClient unsigned = StsClient.builder().endpointOverride(local.sts().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(AwsCredentialsProviderChain.of(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(noProfiles).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("nobody").build())).build();

        assertThat(check(servicesWith(unsigned))).isEqualTo(1);

        assertThat(lines()).hasSize(3);
        assertThat(lines().get(1)).startsWith("FAIL  token: 0 AwsCredentialsMissing: getting the AWS token: there are no AWS credentials")
                .contains("to fix: sign in to AWS first (aws sso login, aws configure, or AWS_PROFILE)")
                .doesNotContain("Unable to load credentials", "DCR_IMMUTABLE_ID");
        assertThat(local.ingestion().received()).isEmpty();
    }

    @Test
    void anStsThatCannotBeReachedIsNamedAsTheCause() {
        StsClient nowhere = LocalServices.stsClient(java.net.URI.create("http://127.0.0.1:1"));

        assertThat(check(servicesWith(nowhere))).isEqualTo(1);

        assertThat(lines().get(1)).startsWith("FAIL  token: 0 AwsUnreachable: getting the credentials from AWS: ")
                .contains("to fix: AWS was not reached for the credentials").contains("sts.<region>.amazonaws.com")
                .doesNotContain("DCR_IMMUTABLE_ID");
    }

    @Test
    void aTokenTheServiceRefusesTwiceNamesTheTenantAndClientSettings() {
        local.ingestion().enqueue(new LogsIngestionFake.Fault.Status(401, null));
        local.ingestion().enqueue(new LogsIngestionFake.Fault.Status(401, null));

        assertThat(check()).isEqualTo(1);

        assertThat(lines().get(2)).startsWith("FAIL  stream " + RowFormat.COMPACT.stream(Tables.AWS_CLOUD_TRAIL) + " (AWSCloudTrail): 401 InjectedFault")
                .contains("to fix: Entra or the Logs Ingestion API refused the credentials of the managed identity"
                        + " 00000000-0000-0000-0000-000000000002 (AZURE_CLIENT_ID): AZURE_TENANT_ID and AZURE_CLIENT_ID must be");
        assertThat(lines().subList(3, 6)).allSatisfy(line -> assertThat(line).startsWith("ok    stream "));
    }

    @Test
    void badConfigurationIsRefusedBeforeAnythingIsSent() {
        env.remove("AZURE_CLIENT_ID");

        assertThat(check()).isEqualTo(1);
        assertThat(local.ingestion().received()).isEmpty();
    }

    @Test
    void theLocalFlavourChecksTheLocalServices() {
        int status = Main.run(new String[] {"check", "--local"}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(status).as(stdout.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(lines()).filteredOn(l -> l.startsWith("ok    ")).hasSize(1 + Tables.ALL.size());
    }
}
