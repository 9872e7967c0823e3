package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.clock.ManualTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy} against stand-in {@code aws}, {@code az} and {@code npx} executables first on the PATH: each records
 * its arguments and answers with the real CLI's documented output and exit codes (src/test/resources/standin-cli),
 * including the failures a user meets. Nothing here talks to a cloud.
 */
class DeployCommandTest {
    private static final String WORKSPACE = "/subscriptions/5ub5cr1p-0000-4000-8000-000000000000/resourceGroups/sentinel-rg"
            + "/providers/Microsoft.OperationalInsights/workspaces/sentinel-ws";
    private static final String ISSUER = "https://a1b2c3d4-0000-4000-8000-000000000000.tokens.sts.global.api.aws";
    private static final String ROLE = "arn:aws:iam::111122223333:role/SentinelAwsForwarder-forwarder";
    private static final String CDK_DEPLOY = "npx -y aws-cdk@2.1148.1 deploy";

    @TempDir
    Path state;
    @TempDir
    Path bin;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ManualTime time = new ManualTime();
    private Map<String, String> environment;

    @BeforeEach
    void installStandIns() throws IOException {
        Path standin = Path.of("src", "test", "resources", "standin-cli", "standin").toAbsolutePath();
        for (String cli : List.of("aws", "az", "npx")) {
            Path copy = Files.copy(standin, bin.resolve(cli));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        environment = new HashMap<>(System.getenv());
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("STANDIN_STATE", state.toString());
        environment.put("STANDIN_HELPER", standin.getParent().toString());
        environment.remove("AWS_REGION");
        environment.remove("AWS_DEFAULT_REGION");
        set("profile-region", "eu-west-1");
    }

    @Test
    void aFirstDeployTurnsOnTheIssuerDeploysBothCloudsWithEachOthersValuesAndChecks() throws IOException {
        int status = deploy("-c", "trail=true");

        assertThat(status).as(stderr()).isZero();
        assertThat(commands()).containsExactly(
                "aws sts get-caller-identity",
                "aws configure get region",
                "aws cloudformation get-template",
                "aws iam get-outbound-web-identity-federation-info",
                "aws iam enable-outbound-web-identity-federation",
                "az account show",
                "npx -y aws-cdk@2.1148.1 bootstrap",
                "az identity federated-credential",
                "az deployment group create",
                CDK_DEPLOY,
                "aws cloudformation describe-change-set",
                "aws cloudformation execute-change-set",
                "aws cloudformation wait",
                "aws cloudformation describe-stacks",
                "aws lambda invoke");
        assertThat(call("az deployment group create")).contains("--subscription 5ub5cr1p-0000-4000-8000-000000000000",
                "--resource-group sentinel-rg", "--template-file infra/azure/dcr.json", "workspaceResourceId=" + WORKSPACE,
                "awsIssuerUrl=" + ISSUER, "forwarderRoleArn=" + ROLE);
        assertThat(call("npx -y aws-cdk@2.1148.1 bootstrap")).contains("aws://111122223333/eu-west-1");
        assertThat(call(CDK_DEPLOY)).contains("--method=prepare-change-set", "--change-set-name sentinel-forwarder-deploy",
                "ingestionEndpoint=https://sentinel-aws-forwarder-a1b2.westeurope-1.ingest.monitor.azure.com",
                "dcrImmutableId=dcr-0123456789abcdef0123456789abcdef", "azureTenantId=9f0e1d2c-0000-4000-8000-00000000000t",
                "azureClientId=1a2b3c4d-0000-4000-8000-00000000000c", "stackName=SentinelAwsForwarder", "-c trail=true");
        assertThat(call("aws cloudformation wait")).contains("stack-create-complete");
        assertThat(call("aws lambda invoke")).contains("--region eu-west-1",
                "--function-name SentinelAwsForwarder-ForwarderFunction1A2B3C-abcdef:live", "--log-type Tail");
        assertThat(stdout()).contains("[1/9] the AWS account", "the stack is not deployed yet", "off: turning it on",
                "turned on: " + ISSUER, "the forwarder's role will be " + ROLE, "+ add AWS::CloudTrail::Trail ForwarderLogSourcesTrail",
                "[9/9] the check", "passed: the forwarder can send to every stream", "live: new objects",
                "  QueueUrl: https://sqs.eu-west-1.amazonaws.com/111122223333/queue", "  LogBucket: sentinelawsforwarder-logbucket-1a2b3c");
        assertThat(stdout()).as("the CDK's progress, which it writes to stderr, shown as it comes")
                .contains("  | Changeset arn:aws:cloudformation:eu-west-1:111122223333:changeSet/sentinel-forwarder-deploy/1 created");
    }

    @Test
    void theStackKeepsItsOptionsAndADeployWithoutThemPlansNothingBeforeAzureIsTouched() throws IOException {
        assertThat(deploy("-c", "trail=true", "-c", "alarmEmail=a@example.com")).as(stderr()).isZero();
        List<String> firstContext = contextOf(call(CDK_DEPLOY));
        Files.delete(state.resolve("calls"));
        stdout.reset();

        assertThat(deploy()).as(stderr()).isZero();

        assertThat(contextOf(call(CDK_DEPLOY))).as("the same options, so the same template").isEqualTo(firstContext)
                .contains("trail=true", "alarmEmail=a@example.com");
        assertThat(stdout()).contains("in force: alarmEmail=a@example.com trail=true", "unchanged from the deployed stack",
                "nothing changes: the stack is as these settings make it");
        assertThat(commands()).as("on a deployed stack the plan comes first, from the Azure outputs in place")
                .containsSubsequence("az deployment group show", "npx -y aws-cdk@2.1148.1 bootstrap", CDK_DEPLOY,
                        "aws cloudformation describe-change-set", "az deployment group create", "aws cloudformation delete-change-set",
                        "aws cloudformation describe-stacks", "aws lambda invoke")
                .doesNotContain("aws cloudformation execute-change-set", "aws iam enable-outbound-web-identity-federation");
    }

    @Test
    void turningTheTrailOffStopsBeforeAnyChangeAndNamesItUnlessYes() throws IOException {
        assertThat(deploy("-c", "trail=true", "-c", "alarmEmail=a@example.com")).as(stderr()).isZero();
        Files.delete(state.resolve("calls"));

        assertThat(deploy("-c", "trail=false")).isEqualTo(1);

        assertThat(stderr()).contains("the plan would remove AWS::CloudTrail::Trail ForwarderLogSourcesTrail (a CloudTrail trail:"
                + " the account's audit log stops)", "Nothing was changed", "deploy again with --yes");
        assertThat(commands()).as("nothing changed: not Azure, not the stack").doesNotContain("az deployment group create",
                "aws cloudformation execute-change-set").contains("aws cloudformation delete-change-set");
        assertThat(Files.readString(state.resolve("SentinelAwsForwarder.stack-settings"))).contains("\"trail\": \"true\"");

        stderr.reset();
        assertThat(deploy("-c", "trail=false", "--yes")).as(stderr()).isZero();
        assertThat(stdout()).contains("- remove AWS::CloudTrail::Trail ForwarderLogSourcesTrail", "of them allowed by --yes");
        assertThat(Files.readString(state.resolve("SentinelAwsForwarder.stack-settings"))).contains("\"trail\": \"false\"");
    }

    @Test
    void unsetRemovesOneOptionAndShowPrintsThoseInForceChangingNothing() throws IOException {
        assertThat(deploy("-c", "trail=true", "-c", "alarmEmail=a@example.com", "-c", "memoryMb=3008")).as(stderr()).isZero();
        assertThat(deploy("--unset", "memoryMb")).as(stderr()).isZero();
        assertThat(stdout()).contains("changed: - memoryMb (was 3008)", "~ change AWS::Lambda::Function ForwarderFunction");
        Files.delete(state.resolve("calls"));
        stdout.reset();

        assertThat(deploy("--show")).as(stderr()).isZero();

        assertThat(stdout()).contains("settings in force for stack SentinelAwsForwarder (2):\n  alarmEmail=a@example.com\n  trail=true\n");
        assertThat(commands()).containsExactly("aws sts get-caller-identity", "aws configure get region", "aws cloudformation get-template");
    }

    @Test
    void theIdentityKeepsTheCredentialThatTrustsThisRoleAndAnotherStacksRoleGetsItsOwn() throws IOException {
        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();
        assertThat(call("az deployment group create")).as("a new identity: the template names the role's credential")
                .doesNotContain("credentialName=");
        set("az-credentials", "[{\"name\": \"aws-forwarder-role\", \"issuer\": \"" + ISSUER + "\", \"subject\": \"" + ROLE
                + "\", \"audiences\": [\"api://AzureADTokenExchange\"]}]");
        Files.delete(state.resolve("calls"));

        assertThat(deploy()).as(stderr()).isZero();
        assertThat(call("az deployment group create")).as("0.6.0's credential for this role, kept by its name")
                .contains("credentialName=aws-forwarder-role");
        Files.delete(state.resolve("calls"));

        assertThat(deploy("--stack-name", "SecondForwarder", "-c", "trail=true")).as(stderr()).isZero();
        assertThat(call("az deployment group create")).as("another stack's role: a credential of its own beside the first")
                .contains("forwarderRoleArn=arn:aws:iam::111122223333:role/SecondForwarder-forwarder").doesNotContain("credentialName=");
    }

    @Test
    void uninstallRemovesTheStackAndTheRolesTrustKeepsTheDataAndIsSafeTwice() throws IOException {
        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();
        Files.delete(state.resolve("calls"));
        stdout.reset();

        assertThat(uninstall()).as(stderr()).isZero();

        assertThat(commands()).containsExactly("aws sts get-caller-identity", "aws configure get region",
                "aws cloudformation describe-stacks", "aws cloudformation describe-stack-resources", "aws cloudformation delete-stack",
                "aws cloudformation wait", "az account show", "az identity federated-credential", "az identity federated-credential",
                "az identity show", "az role assignment", "az identity delete", "az monitor data-collection",
                "az monitor data-collection", "az deployment group delete");
        assertThat(call("az identity federated-credential")).contains("list");
        assertThat(calls()).anySatisfy(c -> assertThat(c).startsWith("az identity federated-credential delete").contains("--name aws-"));
        assertThat(calls()).anySatisfy(c -> assertThat(c).startsWith("az monitor data-collection rule delete")
                .contains("--name sentinel-aws-forwarder"));
        assertThat(stdout()).contains("deleted; its buckets and keys are kept",
                "bucket sentinelawsforwarder-logbucket-1a2b3c with its logs and quarantine", "KMS key ", "the CDK bootstrap stack",
                "the rows already in the workspace's tables", "uninstalled:")
                .doesNotContain("ForwarderAlarmKey");
        assertThat(calls()).noneMatch(c -> c.startsWith("aws s3 rb") || c.startsWith("aws kms"));

        Files.delete(state.resolve("calls"));
        stdout.reset();
        assertThat(uninstall()).as("a second run: " + stderr()).isZero();
        assertThat(commands()).doesNotContain("aws cloudformation delete-stack", "az identity delete",
                "az identity federated-credential delete");
        assertThat(stdout()).contains("not deployed in eu-west-1 (removed already?)", "no identity sentinel-aws-forwarder");
    }

    @Test
    void uninstallKeepsTheIdentityAndRuleWhileAnotherForwardersRoleIsTrusted() throws IOException {
        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();
        assertThat(deploy("--stack-name", "SecondForwarder", "-c", "trail=true")).as(stderr()).isZero();
        Files.delete(state.resolve("calls"));
        stdout.reset();

        assertThat(uninstall("--stack-name", "SecondForwarder")).as(stderr()).isZero();

        assertThat(commands()).doesNotContain("az identity delete", "az monitor data-collection");
        assertThat(stdout()).contains("kept the identity, its role and the rule: another forwarder's role is still trusted: aws-")
                .contains("(" + ROLE + ")");
        assertThat(Files.readString(state.resolve("az-credentials"))).contains(ROLE).doesNotContain("SecondForwarder-forwarder");
    }

    @Test
    void uninstallDryRunPrintsWhatItRemovesAndKeepsAndRunsNothing() {
        assertThat(uninstall("--dry-run", "--region", "eu-west-1")).as(stderr()).isZero();

        assertThat(Files.exists(state.resolve("calls"))).as("no CLI was run").isFalse();
        assertThat(stdout()).contains("aws cloudformation delete-stack --region eu-west-1 --stack-name SentinelAwsForwarder",
                "az identity federated-credential delete", "az identity delete", "az monitor data-collection rule list",
                "az monitor data-collection rule delete --subscription 5ub5cr1p-0000-4000-8000-000000000000 --resource-group"
                        + " sentinel-rg --name sentinel-aws-forwarder --yes",
                "kept, for you to remove", "bucket <LogBucket>", "KMS key <key id>");
    }

    @Test
    void aMisspeltOptionOrABadValueIsRefusedBeforeAnyCommandRuns() {
        assertThat(deploy("-c", "trial=true", "-c", "memoryMb=abc")).isEqualTo(2);

        assertThat(stderr()).contains("--context unknown option 'trial': did you mean trail?",
                "--context memoryMb must be a whole number from 128 to 10240, not 'abc'");
        assertThat(Files.exists(state.resolve("calls"))).as("no CLI was run").isFalse();
    }

    @Test
    void aStackThatWouldForwardNothingIsRefusedBeforeAzure() throws IOException {
        assertThat(deploy()).isEqualTo(1);

        assertThat(stderr()).contains("nothing would reach the forwarder", "-c sourcesByHand=true", "Nothing was changed");
        assertThat(commands()).containsExactly("aws sts get-caller-identity", "aws configure get region", "aws cloudformation get-template");
    }

    @Test
    void aStackOfAnEarlierVersionKeptNoSettingsAndThePlanShowsWhatWouldGo() throws IOException {
        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();
        set("stack-kept", "none");
        stdout.reset();

        assertThat(deploy("-c", "sourcesByHand=true")).isEqualTo(1);

        assertThat(stdout()).contains("the stack was deployed by 0.6.0 or earlier, which kept no settings");
        assertThat(stderr()).contains("remove AWS::CloudTrail::Trail ForwarderLogSourcesTrail");
    }

    @Test
    void eachCauseGetsItsOwnAdvice() throws IOException {
        set("cdk-deploy", "unbootstrapped");
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("Has the environment been bootstrapped?", "what to do: the account and region are not bootstrapped")
                .doesNotContain("ask an administrator");
        Files.delete(state.resolve("cdk-deploy"));

        stderr.reset();
        set("cfn-wait", "rollback");
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("UPDATE_ROLLBACK_COMPLETE", "what to do: the stack is left rolled back");
        Files.delete(state.resolve("cfn-wait"));

        stderr.reset();
        set("aws-cli", "old");
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("aws: error: argument operation: Invalid choice",
                "what to do: this AWS CLI does not know the command: upgrade the AWS CLI v2").doesNotContain("usage:");
    }

    @Test
    void aStackThatNamesAnotherIssuerDeploysAzureAgainWithinItsStep() throws IOException {
        set("stack-issuer", "https://b2c3d4e5-0000-4000-8000-000000000000.tokens.sts.global.api.aws");

        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();

        assertThat(commands().stream().filter(c -> c.equals("az deployment group create")).count()).isEqualTo(2);
        assertThat(stdout()).contains("deploying the Azure template again with them", "[9/9] the check").doesNotContain("[10/9]");
    }

    @Test
    void anIdentityWithoutAnArnAStackWithoutOutputsAndACliThatNeverEndsEachSayWhatToDo() throws IOException {
        set("aws-identity", "no-arn");
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("aws sts get-caller-identity named no account and ARN").doesNotContain("Exception");
        Files.delete(state.resolve("aws-identity"));

        stderr.reset();
        set("cdk-outputs", "none");
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("the stack's outputs lack ForwarderFunctionName").doesNotContain("Exception");
        Files.delete(state.resolve("cdk-outputs"));

        stderr.reset();
        set("hang", "az deployment group create");
        long started = System.nanoTime();
        assertThat(deploy("-c", "trail=true", "--command-timeout", "2")).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(stderr()).contains("az failed (exit 124): stopped after 2 s without finishing (deploy --command-timeout)");
    }

    @Test
    void aSecondRunChangesNothingAndTurnsNothingOnAgain() throws IOException {
        assertThat(deploy("-c", "trail=true")).isZero();
        Files.delete(state.resolve("calls"));
        stdout.reset();

        assertThat(deploy()).as(stderr()).isZero();

        assertThat(commands()).doesNotContain("aws iam enable-outbound-web-identity-federation", "aws cloudformation execute-change-set")
                .contains("az deployment group create", CDK_DEPLOY, "aws lambda invoke");
        assertThat(stdout()).contains("on: " + ISSUER).doesNotContain("turning it on");
    }

    @Test
    void federationTurnedOnMeanwhileIsReadInstead() throws IOException {
        set("enable", "race");

        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();

        assertThat(commands()).containsSubsequence("aws iam get-outbound-web-identity-federation-info",
                "aws iam enable-outbound-web-identity-federation", "aws iam get-outbound-web-identity-federation-info");
        assertThat(call("az deployment group create")).contains("awsIssuerUrl=" + ISSUER);
    }

    @Test
    void aRoleAssignmentNotYetVisibleIsWaitedForThenPasses() throws IOException {
        set("check-pending", "2");

        assertThat(deploy("-c", "trail=true")).as(stderr()).isZero();

        assertThat(commands().stream().filter(c -> c.equals("aws lambda invoke")).count()).isEqualTo(3);
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(stdout()).contains("waiting for Azure to apply the new role or credential (stream Custom-AWSCloudTrail_3c986d85"
                + " (AWSCloudTrail): the Logs Ingestion API refused the credentials");
    }

    @Test
    void aRoleAssignmentStillNotVisibleAfterTheWaitSaysToRunAgainLater() throws IOException {
        set("check-pending", "1000");

        assertThat(deploy("-c", "trail=true", "--check-wait", "2")).isEqualTo(1);

        assertThat(time.waits()).hasSize(4); // 30 s apart over 2 minutes, then the fifth check gives up
        assertThat(stderr()).startsWith("forwarder deploy: the check failed: stream Custom-AWSCloudTrail_3c986d85 (AWSCloudTrail):")
                .contains("'Monitoring Metrics Publisher'", "run ./forwarder deploy again later (it changes nothing that is in place)");
    }

    @Test
    void noPermissionToTurnOnFederationSaysWhoMustAndStopsBeforeAzure() throws IOException {
        set("enable", "denied");

        assertThat(deploy("-c", "trail=true")).isEqualTo(1);

        assertThat(commands()).doesNotContain("az deployment group create", CDK_DEPLOY);
        assertThat(stderr().lines().toList()).hasSize(1);
        assertThat(stderr()).startsWith("forwarder deploy: aws failed (exit 254): An error occurred (AccessDenied) when calling the"
                + " EnableOutboundWebIdentityFederation operation:")
                .contains("what to do: you may not turn on outbound identity federation (iam:EnableOutboundWebIdentityFederation):"
                        + " ask an administrator of account 111122223333 to run 'aws iam enable-outbound-web-identity-federation' once");
    }

    @Test
    void noPermissionToAssignTheRoleSaysWhichRolesMayAndStopsBeforeTheStack() throws IOException {
        set("az-deploy", "forbidden");

        assertThat(deploy("-c", "trail=true")).isEqualTo(1);

        assertThat(commands()).doesNotContain(CDK_DEPLOY);
        assertThat(stderr()).contains("AuthorizationFailed", "the command was: az deployment group create",
                "needs Owner, User Access Administrator or Role Based Access Control Administrator on resource group sentinel-rg");
    }

    @Test
    void notSignedInAnywhereSaysHowToSignIn() throws IOException {
        set("aws-credentials", "none");
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("Unable to locate credentials", "what to do: the AWS CLI's credentials are missing or expired:"
                + " sign in again (aws sso login, or aws configure)");

        Files.delete(state.resolve("aws-credentials"));
        set("az-login", "no");
        stderr.reset();
        assertThat(deploy("-c", "trail=true")).isEqualTo(1);
        assertThat(stderr()).contains("Please run 'az login'", "what to do: the Azure CLI is not signed in to subscription"
                + " 5ub5cr1p-0000-4000-8000-000000000000: run 'az login'");
    }

    @Test
    void noRegionAnywhereIsOneSentence() throws IOException {
        Files.delete(state.resolve("profile-region"));

        assertThat(deploy("-c", "trail=true")).isEqualTo(1);

        assertThat(stderr()).isEqualTo("forwarder deploy: no AWS region: give --region (e.g. --region eu-west-1), set AWS_REGION,"
                + " or give your profile one with 'aws configure set region <region>'\n");
    }

    @Test
    void aDryRunPrintsEveryCommandInOrderAndRunsNone() throws IOException {
        int status = deploy("--dry-run", "--region", "us-east-2", "-c", "trail=true", "--rule-count", "2");

        assertThat(status).as(stderr()).isZero();
        assertThat(Files.exists(state.resolve("calls"))).as("no CLI was run").isFalse();
        List<String> commands = stdout().lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll(" +# .*", "")).toList();
        assertThat(commands).containsExactly(
                "aws sts get-caller-identity --output json",
                "aws cloudformation get-template --region us-east-2 --stack-name SentinelAwsForwarder --query TemplateBody --output json",
                "aws iam get-outbound-web-identity-federation-info --output json",
                "aws iam enable-outbound-web-identity-federation --output json",
                "az account show --subscription 5ub5cr1p-0000-4000-8000-000000000000 --output json",
                "npx -y aws-cdk@2.1148.1 bootstrap aws://<account>/us-east-2 --no-notices",
                "az identity federated-credential list --subscription 5ub5cr1p-0000-4000-8000-000000000000 --resource-group sentinel-rg"
                        + " --identity-name sentinel-aws-forwarder --output json",
                "az deployment group create --subscription 5ub5cr1p-0000-4000-8000-000000000000 --resource-group sentinel-rg"
                        + " --name sentinel-aws-forwarder --template-file infra/azure/dcr.json --parameters workspaceResourceId="
                        + WORKSPACE + " awsIssuerUrl=<issuer> forwarderRoleArn=arn:aws:iam::<account>:role/SentinelAwsForwarder-forwarder"
                        + " ruleCount=2 --query properties.outputs --output json",
                "(cd infra && AWS_DEFAULT_REGION=us-east-2 AWS_REGION=us-east-2 npx -y aws-cdk@2.1148.1 deploy"
                        + " --method=prepare-change-set --change-set-name sentinel-forwarder-deploy --require-approval never"
                        + " --no-notices -c 'ingestionEndpoint=<ingestionEndpoints, joined with commas>' -c 'dcrImmutableId=<dcrImmutableIds,"
                        + " joined with commas>' -c azureTenantId=<tenantId> -c azureClientId=<clientId> -c stackName=SentinelAwsForwarder"
                        + " -c trail=true)",
                "aws cloudformation describe-change-set --change-set-name sentinel-forwarder-deploy --output json --region us-east-2"
                        + " --stack-name SentinelAwsForwarder",
                "aws cloudformation execute-change-set --change-set-name sentinel-forwarder-deploy --region us-east-2"
                        + " --stack-name SentinelAwsForwarder",
                "aws cloudformation wait stack-create-complete --region us-east-2 --stack-name SentinelAwsForwarder",
                "aws cloudformation describe-stacks --query 'Stacks[0].Outputs' --output json --region us-east-2"
                        + " --stack-name SentinelAwsForwarder",
                "aws lambda invoke --region us-east-2 --function-name '<ForwarderFunctionName output>:live' --cli-binary-format"
                        + " raw-in-base64-out --payload '{\"Records\":[{\"messageId\":\"check\",\"body\":\"{\\\"sentinelForwarderCheck\\\":"
                        + " true}\"}]}' --log-type Tail --output json /dev/stdout");
    }

    @Test
    void badOptionsAreAllNamedAtOnceAsAUsageError() {
        int status = deploy("--workspace", "sentinel-ws", "--rule-count", "30", "-c", "stackName=X");

        assertThat(status).isEqualTo(2);
        assertThat(stderr().lines().toList()).hasSize(1);
        assertThat(stderr()).startsWith("forwarder deploy: --workspace must be the workspace's resource id")
                .contains("--rule-count must be 1 to 20", "--context stackName is set by deploy itself: use --stack-name",
                        "(see 'forwarder deploy --help')");
    }

    private int deploy(String... options) {
        List<String> args = new ArrayList<>(List.of("deploy"));
        if (!List.of(options).contains("--workspace")) {
            args.addAll(List.of("--workspace", WORKSPACE));
        }
        args.addAll(List.of(options));
        return Main.run(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), List.of(new DeployCommand(environment, time.time())));
    }

    private int uninstall(String... options) {
        List<String> args = new ArrayList<>(List.of("uninstall", "--workspace", WORKSPACE));
        args.addAll(List.of(options));
        return Main.run(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), List.of(new UninstallCommand(environment)));
    }

    /** The -c options of a recorded cdk call, sorted. */
    private static List<String> contextOf(String call) {
        List<String> words = List.of(call.split(" "));
        List<String> context = new ArrayList<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("-c")) {
                context.add(words.get(i + 1));
            }
        }
        return context.stream().sorted().toList();
    }

    private void set(String file, String value) throws IOException {
        Files.writeString(state.resolve(file), value);
    }

    /** The calls the stand-ins recorded, each as its first words (the CLI and its command). */
    private List<String> commands() throws IOException {
        return calls().stream().map(DeployCommandTest::verb).toList();
    }

    private static String verb(String call) {
        String[] words = call.split(" ");
        int count = words[0].equals("npx") ? 4 : words[1].equals("deployment") || words[1].equals("configure") ? 4 : 3;
        return String.join(" ", List.of(words).subList(0, Math.min(count, words.length)));
    }

    private String call(String verb) throws IOException {
        return calls().stream().filter(c -> verb(c).equals(verb)).findFirst().orElseThrow();
    }

    private List<String> calls() throws IOException {
        return Files.exists(state.resolve("calls")) ? Files.readAllLines(state.resolve("calls")) : List.of();
    }

    private String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
