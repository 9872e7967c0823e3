package dev.sentinelforwarder.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes what deploy made, and keeps what holds data: the stack (the functions, queues, ledger, alarms, roles and the
 * log sources it made), then in Azure this stack's federated credential and, when no other forwarder's role is trusted
 * by the identity any more, the identity, its role assignments, the rule(s) and the deployment record. The buckets,
 * the KMS keys, the account's outbound federation, the CDK bootstrap stack and the rows in the workspace are kept, and
 * said so with how to remove each by hand. Every step reads first, so a second run finds nothing and changes nothing.
 */
public final class Uninstall {
    private static final int STEPS = 4;
    private static final String RULE_NAME = GoLive.DEPLOYMENT_NAME;

    private final GoLiveSettings settings;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final boolean dryRun;
    private final CliSteps steps;

    public Uninstall(GoLiveSettings settings, CommandRunner runner, Map<String, String> environment, PrintStream out, boolean dryRun) {
        this.settings = settings;
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.dryRun = dryRun;
        this.steps = new CliSteps(runner, out, dryRun, STEPS);
    }

    /** What the stack held that outlives it: its role (for Azure's trust), and the buckets and keys it keeps. */
    private record Kept(String roleArn, List<String> buckets, List<String> keys) {
    }

    public void run() throws IOException, InterruptedException {
        if (dryRun) {
            out.println("# ./forwarder uninstall --dry-run: the commands uninstall runs, in order; each reads before it removes");
        }
        AwsAccount account = AwsAccount.read(steps, settings.region(), environment, dryRun);
        Kept kept = stack(account);
        azure(kept.roleArn());
        steps.begin("kept, for you to remove when you no longer need them");
        for (String bucket : kept.buckets()) {
            steps.found("bucket " + bucket + " with its logs and quarantine: empty it (S3 console: Empty, which deletes every version)"
                    + ", then aws s3 rb s3://" + bucket);
        }
        for (String key : kept.keys()) {
            steps.found("KMS key " + key + ", after its bucket is gone (its objects cannot be read without it): aws kms"
                    + " schedule-key-deletion --region " + account.region() + " --key-id " + key + " --pending-window-in-days 30");
        }
        steps.found("the account's outbound identity federation, which other workloads may use: aws iam"
                + " disable-outbound-web-identity-federation");
        steps.found("the CDK bootstrap stack CDKToolkit, shared by every CDK app of the account and region");
        steps.found("the rows already in the workspace's tables, for the workspace's retention");
    }

    /** The stack: what it keeps read first, then deleted; nothing when it is gone already. */
    private Kept stack(AwsAccount account) throws IOException, InterruptedException {
        steps.begin("the stack " + settings.stackName() + " (functions, queues, ledger, alarms, roles, the log sources it made)");
        String defaultRole = account.roleArn(settings.stackName() + "-forwarder");
        CommandRunner.Result outputs = steps.attempt(cloudFormation(account, "describe-stacks", "--query", "Stacks[0].Outputs",
                "--output", "json"), "-> the buckets it keeps and its role");
        if (dryRun) {
            steps.attempt(cloudFormation(account, "describe-stack-resources", "--output", "json"), "-> the KMS keys it keeps");
            steps.exec(cloudFormation(account, "delete-stack"), null);
            steps.exec(cloudFormation(account, "wait", "stack-delete-complete"), null);
            return new Kept(defaultRole, List.of("<LogBucket>"), List.of("<key id>"));
        }
        if (!outputs.succeeded()) {
            if (!outputs.error().contains("does not exist")) {
                throw CliSteps.failed(cloudFormation(account, "describe-stacks"), outputs, null);
            }
            steps.found("not deployed in " + account.region() + " (removed already?): nothing to delete");
            return new Kept(defaultRole, List.of(), List.of());
        }
        String roleArn = defaultRole;
        List<String> buckets = new ArrayList<>();
        for (JsonNode output : CliSteps.parse(outputs, cloudFormation(account, "describe-stacks"))) {
            String name = output.path("OutputKey").asText();
            if (name.equals("LogBucket") || name.equals("AccessLogBucket")) {
                buckets.add(output.path("OutputValue").asText());
            } else if (name.equals("ForwarderRoleArn")) {
                roleArn = output.path("OutputValue").asText();
            }
        }
        List<String> keys = new ArrayList<>();
        JsonNode resources = steps.json(cloudFormation(account, "describe-stack-resources", "--output", "json"), null);
        for (JsonNode resource : resources.path("StackResources")) {
            if (resource.path("ResourceType").asText().equals("AWS::KMS::Key") && !resource.path("LogicalResourceId").asText()
                    .startsWith("ForwarderAlarmKey")) { // the alarm topic's key goes with the stack
                keys.add(resource.path("PhysicalResourceId").asText());
            }
        }
        steps.exec(cloudFormation(account, "delete-stack"), "you may not delete the stack (cloudformation:DeleteStack, and the"
                + " permissions to delete what it made): ask for them, then run uninstall again");
        steps.exec(cloudFormation(account, "wait", "stack-delete-complete"), "CloudFormation could not delete everything; its"
                + " events say what (aws cloudformation describe-stack-events --stack-name " + settings.stackName() + "): remove that"
                + " by hand, then run uninstall again");
        steps.found("deleted; its buckets and keys are kept (their retain policy)");
        return new Kept(roleArn, buckets, keys);
    }

    /** This stack's trust in Azure, and the rest of what the template made once nothing else uses it. */
    private void azure(String roleArn) throws IOException, InterruptedException {
        steps.begin("Azure: the identity's trust in " + roleArn + ", and the identity and rule when no other forwarder uses them");
        steps.json(az("account", "show", "--subscription", settings.subscription(), "--output", "json"), "the Azure CLI is not"
                + " signed in to subscription " + settings.subscription() + ": run 'az login', then run uninstall again");
        CommandRunner.Result listed = steps.attempt(az("identity", "federated-credential", "list", "--subscription",
                settings.subscription(), "--resource-group", settings.resourceGroup(), "--identity-name", GoLive.IDENTITY_NAME,
                "--output", "json"), "-> the credentials; the role's is deleted");
        if (dryRun) {
            steps.exec(az("identity", "federated-credential", "delete", "--subscription", settings.subscription(), "--resource-group",
                    settings.resourceGroup(), "--identity-name", GoLive.IDENTITY_NAME, "--name", "<the role's credential>", "--yes"), null);
            out.println("# when no other credential remains:");
            removeIdentityAndRules("<clientId>");
            return;
        }
        if (!listed.succeeded()) {
            steps.found("no identity " + GoLive.IDENTITY_NAME + " in " + settings.resourceGroup() + " (removed already?)");
            removeRules();
            return;
        }
        List<String> others = new ArrayList<>();
        for (JsonNode credential : CliSteps.parse(listed, az("identity", "federated-credential", "list"))) {
            String name = credential.path("name").asText();
            if (credential.path("subject").asText().equals(roleArn)) {
                steps.exec(az("identity", "federated-credential", "delete", "--subscription", settings.subscription(),
                        "--resource-group", settings.resourceGroup(), "--identity-name", GoLive.IDENTITY_NAME, "--name", name, "--yes"),
                        null);
                steps.found("deleted credential " + name + ": Entra no longer exchanges the role's tokens");
            } else {
                others.add(name + " (" + credential.path("subject").asText() + ")");
            }
        }
        if (!others.isEmpty()) {
            steps.found("kept the identity, its role and the rule: another forwarder's role is still trusted: " + String.join(", ", others));
            return;
        }
        JsonNode identity = steps.json(az("identity", "show", "--subscription", settings.subscription(), "--resource-group",
                settings.resourceGroup(), "--name", GoLive.IDENTITY_NAME, "--output", "json"), null);
        removeIdentityAndRules(identity.path("clientId").asText());
    }

    private void removeIdentityAndRules(String clientId) throws IOException, InterruptedException {
        steps.exec(az("role", "assignment", "delete", "--subscription", settings.subscription(), "--assignee", clientId,
                "--role", "Monitoring Metrics Publisher", "--resource-group", settings.resourceGroup()), null);
        steps.exec(az("identity", "delete", "--subscription", settings.subscription(), "--resource-group", settings.resourceGroup(),
                "--name", GoLive.IDENTITY_NAME), null);
        steps.found("deleted the managed identity " + GoLive.IDENTITY_NAME + " and its role on the rule(s)");
        removeRules();
    }

    /** The rule(s) the template made ({@code sentinel-aws-forwarder}, {@code -1}, ...), its endpoint and the deployment record. */
    private void removeRules() throws IOException, InterruptedException {
        JsonNode rules = steps.json(az("monitor", "data-collection", "rule", "list", "--subscription", settings.subscription(),
                "--resource-group", settings.resourceGroup(), "--output", "json"), null);
        if (dryRun) {
            rules = dev.sentinelforwarder.format.Json.mapper().createArrayNode().add(
                    dev.sentinelforwarder.format.Json.mapper().createObjectNode().put("name", RULE_NAME));
        }
        for (JsonNode rule : rules) {
            String name = rule.path("name").asText();
            if (name.equals(RULE_NAME) || name.matches(RULE_NAME + "-\\d+")) {
                steps.exec(az("monitor", "data-collection", "rule", "delete", "--subscription", settings.subscription(),
                        "--resource-group", settings.resourceGroup(), "--name", name, "--yes"), null);
                steps.found("deleted data collection rule " + name);
            }
        }
        CommandRunner.Result deployment = steps.attempt(az("deployment", "group", "delete", "--subscription", settings.subscription(),
                "--resource-group", settings.resourceGroup(), "--name", GoLive.DEPLOYMENT_NAME), null);
        if (deployment != null && deployment.succeeded()) {
            steps.found("deleted the deployment record " + GoLive.DEPLOYMENT_NAME);
        }
    }

    private ExternalCommand cloudFormation(AwsAccount account, String... words) {
        return CliSteps.cloudFormation(account.region(), settings.stackName(), words);
    }

    private static ExternalCommand az(String... words) {
        List<String> all = new ArrayList<>(List.of("az"));
        all.addAll(List.of(words));
        return new ExternalCommand(all, Map.of(), null);
    }
}
