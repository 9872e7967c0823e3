package dev.sentinelforwarder.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.Time;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.notification.Notification;
import dev.sentinelforwarder.options.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's deploy steps in order, with the documented CLIs, each printed with what it found: the AWS account,
 * the options the deployed stack keeps (changed by this run's), the account's token issuer (turned on when off), the
 * Azure template (rule, identity, its one trust, its role), {@code cdk bootstrap}, the stack's plan (a CloudFormation
 * change set, reviewed before it runs: a removal or replacement of what holds logs, keys or state needs --yes), then
 * the change and the deployment check inside the function. On a deployed stack the plan comes before Azure is touched,
 * from the Azure outputs already there. Every step is safe to run again: each reads before it changes, and ARM, CDK and
 * bootstrap change only what differs. With {@code dryRun} nothing runs: the commands are printed, values found at run
 * time shown as {@code <placeholders>}.
 */
public final class GoLive {
    public static final String CDK = "aws-cdk@2.1148.1";
    static final String DEPLOYMENT_NAME = "sentinel-aws-forwarder";
    /** The Azure template's default managed identity (its identityName). */
    static final String IDENTITY_NAME = "sentinel-aws-forwarder";
    static final Path TEMPLATE = Path.of("infra", "azure", "dcr.json");
    static final Path JAR = Path.of("function", "target", "forwarder.jar");
    /** Between checks while Azure applies a new role assignment or federated credential. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    /** The change set deploy prepares, reviews and runs (or deletes). */
    static final String CHANGE_SET = "sentinel-forwarder-deploy";
    private static final int STEPS = 9;

    private final GoLiveSettings settings;
    private final CommandRunner runner;
    private final Path root;
    private final Map<String, String> environment;
    private final Time time;
    private final PrintStream out;
    private final boolean dryRun;
    private final CliSteps steps;

    /** @param environment this process's variables, for the region the AWS CLI would use */
    public GoLive(GoLiveSettings settings, CommandRunner runner, Path root, Map<String, String> environment, Time time,
            PrintStream out, boolean dryRun) {
        this.settings = settings;
        this.runner = runner;
        this.root = root;
        this.environment = Map.copyOf(environment);
        this.time = time;
        this.out = out;
        this.dryRun = dryRun;
        this.steps = new CliSteps(runner, out, dryRun, STEPS);
    }

    /** What the Azure template gave back. */
    record AzureOutputs(String tenantId, String clientId, List<String> dcrImmutableIds, List<String> ingestionEndpoints) {
    }

    /** Runs every step; a step that fails throws {@link DeployFailedException} saying what to do. Returns the stack's outputs. */
    public Map<String, String> run() throws IOException, InterruptedException {
        if (!dryRun && !Files.isRegularFile(root.resolve(JAR))) {
            throw new DeployFailedException("the Lambda jar " + JAR + " is missing: build it first with"
                    + " JAVA_HOME=$(bin/jdk25) ./mvnw -B -DskipTests package");
        }
        if (dryRun) {
            out.println("# ./forwarder deploy --dry-run: the commands deploy runs, in order, for a stack not deployed yet;"
                    + " <placeholders> are what earlier commands print. On a deployed stack the plan (cdk deploy"
                    + " --method=prepare-change-set, describe-change-set) comes before the Azure template, with the Azure"
                    + " outputs read by az deployment group show.");
        }
        AwsAccount account = AwsAccount.read(steps, settings.region(), environment, dryRun);
        StackSettings stack = settings(account.region());
        List<String> problems = stack.problems();
        if (!problems.isEmpty()) {
            throw new DeployFailedException(String.join("; ", problems) + ". Nothing was changed");
        }

        String issuer = issuer(account.region(), account.id());
        String roleArn = account.roleArn(stack.roleName(settings.stackName()));
        steps.found("the forwarder's role will be " + roleArn);

        signedInToAzure();
        AzureOutputs before = stack.exists() ? deployedAzure() : null;

        steps.begin("CDK bootstrap of aws://" + account.id() + "/" + account.region() + " (the toolkit stack that holds the function's code)");
        steps.exec(ExternalCommand.of("npx", "-y", CDK, "bootstrap", "aws://" + account.id() + "/" + account.region(), "--no-notices"),
                "cdk bootstrap needs permission to create the CDKToolkit stack, its bucket and roles: ask an administrator to"
                        + " run it once for this account and region, then deploy again");
        steps.found("bootstrapped (unchanged when it already was)");

        StackPlan plan = before == null ? null : plan(account.region(), before, stack);
        AzureOutputs azure = azure(issuer, roleArn, true);
        if (plan == null || !azure.equals(before)) {
            if (plan != null) {
                steps.found("the Azure outputs changed: planning again with them");
                discard(account.region());
            }
            plan = plan(account.region(), azure, stack);
        }
        Map<String, String> outputs = change(account.region(), plan, stack);
        String stackRole = outputs.getOrDefault("ForwarderRoleArn", roleArn);
        String stackIssuer = outputs.getOrDefault("IssuerUrl", issuer);
        if (!dryRun && (!stackRole.equals(roleArn) || !stackIssuer.equals(issuer))) {
            // A context value renamed the role, or the account's issuer differs from what Azure was given.
            steps.found("the stack's role " + stackRole + " and issuer " + stackIssuer + " differ from what Azure was given: deploying"
                    + " the Azure template again with them");
            azure(stackIssuer, stackRole, false);
        }
        check(account.region(), outputs.getOrDefault("ForwarderFunctionName", "<ForwarderFunctionName output>"));
        return outputs;
    }

    /** {@code deploy --show}: the options the deployed stack keeps, one {@code name=value} a line; changes nothing. */
    public void show() throws IOException, InterruptedException {
        AwsAccount account = AwsAccount.read(steps, settings.region(), environment, dryRun);
        StackSettings stack = settings(account.region());
        if (!dryRun) {
            out.println(stack.exists() ? "settings in force for stack " + settings.stackName() + " (" + stack.remembered().size() + "):"
                    : "stack " + settings.stackName() + " is not deployed in " + account.region());
            stack.remembered().forEach((name, value) -> out.println("  " + name + "=" + value));
        }
    }

    /**
     * The options the deployed stack keeps, from its template, with this run's changes. Read before anything changes,
     * so a misspelt, bad or missing option stops deploy while nothing has been touched.
     */
    private StackSettings settings(String region) throws IOException, InterruptedException {
        steps.begin("the stack's settings (kept in its template; -c changes one, --unset removes one)");
        ExternalCommand read = ExternalCommand.of("aws", "cloudformation", "get-template", "--region", region, "--stack-name",
                settings.stackName(), "--query", "TemplateBody", "--output", "json");
        if (dryRun) {
            out.println(read.display() + "    # -> the options under Metadata." + StackOptions.SETTINGS_METADATA
                    + " (none: the stack is new)");
            return StackSettings.forNewStack(settings.context());
        }
        CommandRunner.Result result = steps.attempt(read, null);
        StackSettings stack;
        if (result.succeeded()) {
            stack = StackSettings.deployed(CliSteps.parse(result, read), settings.context(), settings.unset());
            if (!stack.kept()) {
                steps.found("the stack was deployed by 0.6.0 or earlier, which kept no settings: give every -c option it was deployed"
                        + " with (the plan below shows what would go)");
            }
        } else if (result.error().contains("does not exist")) {
            stack = StackSettings.forNewStack(settings.context());
            steps.found("the stack is not deployed yet: it gets the options given here");
        } else {
            throw CliSteps.failed(read, result, CliSteps.accessDenied(result) ? "deploy reads the settings the stack keeps"
                    + " (cloudformation:GetTemplate): ask for it, then deploy again" : null);
        }
        List<String> changes = stack.changes();
        steps.found(stack.inForce().isEmpty() ? "no options (every default)" : "in force: " + String.join(" ", stack.inForce().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        if (stack.exists()) {
            steps.found(changes.isEmpty() ? "unchanged from the deployed stack" : "changed: " + String.join("; ", changes));
        }
        return stack;
    }

    /** The account's token issuer: read; turned on when it is off (enabling again is an error: read it then). */
    private String issuer(String region, String account) throws IOException, InterruptedException {
        steps.begin("the account's token issuer (IAM outbound identity federation)");
        ExternalCommand read = ExternalCommand.of("aws", "iam", "get-outbound-web-identity-federation-info", "--output", "json");
        ExternalCommand enable = ExternalCommand.of("aws", "iam", "enable-outbound-web-identity-federation", "--output", "json");
        if (dryRun) {
            out.println(read.display() + "    # -> <issuer> from IssuerIdentifier; when it answers FeatureDisabled:");
            out.println(enable.display() + "    # -> <issuer>");
            return "<issuer>";
        }
        CommandRunner.Result info = steps.attempt(read, null);
        if (info.succeeded()) {
            steps.found("on: " + CliSteps.parse(info, read).path("IssuerIdentifier").asText());
            return CliSteps.parse(info, read).path("IssuerIdentifier").asText();
        }
        if (!info.error().contains("FeatureDisabled")) {
            throw CliSteps.failed(read, info, CliSteps.accessDenied(info) ? "you may not read the account's federation setting"
                    + " (iam:GetOutboundWebIdentityFederationInfo): ask an administrator for it, then deploy again" : null);
        }
        out.println("  off: turning it on");
        CommandRunner.Result enabled = steps.attempt(enable, null);
        if (enabled.succeeded()) {
            steps.found("turned on: " + CliSteps.parse(enabled, enable).path("IssuerIdentifier").asText());
            return CliSteps.parse(enabled, enable).path("IssuerIdentifier").asText();
        }
        if (enabled.error().contains("FeatureEnabled")) { // turned on meanwhile: read it
            return steps.json(read, null).path("IssuerIdentifier").asText();
        }
        throw CliSteps.failed(enable, enabled, CliSteps.accessDenied(enabled) ? "you may not turn on outbound identity federation"
                + " (iam:EnableOutboundWebIdentityFederation): ask an administrator of account " + account + " to run 'aws iam"
                + " enable-outbound-web-identity-federation' once, then deploy again (add --context enableOutboundFederation=false"
                + " if the stack may not change it either)" : null);
    }

    /** The Azure template: rule(s), managed identity, its federated credential for the role, the role on the rule(s). */
    /** @param first the first pass, steps of their own; a second one (the stack named another role) is part of the stack's step */
    private AzureOutputs azure(String issuer, String roleArn, boolean first) throws IOException, InterruptedException {
        if (first) {
            steps.begin("Azure: the data collection rule, the managed identity and its one trust (" + TEMPLATE + ")");
        }
        List<String> words = new ArrayList<>(List.of("az", "deployment", "group", "create", "--subscription", settings.subscription(),
                "--resource-group", settings.resourceGroup(), "--name", DEPLOYMENT_NAME, "--template-file", TEMPLATE.toString(),
                "--parameters", "workspaceResourceId=" + settings.workspaceResourceId(), "awsIssuerUrl=" + issuer,
                "forwarderRoleArn=" + roleArn));
        if (settings.ruleCount() != 1) {
            words.add("ruleCount=" + settings.ruleCount());
        }
        String credential = first ? existingCredential(issuer, roleArn) : null;
        if (credential != null) {
            words.add("credentialName=" + credential);
        }
        words.addAll(List.of("--query", "properties.outputs", "--output", "json"));
        ExternalCommand deploy = new ExternalCommand(words, Map.of(), null);
        JsonNode outputs = steps.json(deploy, null, result -> result.error().contains("AuthorizationFailed")
                ? "you may create the rule and the identity but not grant the identity its role (the template assigns"
                        + " 'Monitoring Metrics Publisher' on the rule, which needs Owner, User Access Administrator or Role Based"
                        + " Access Control Administrator on resource group " + settings.resourceGroup() + "): ask for one of them, or"
                        + " have someone who holds one run the command above, then deploy again"
                : result.error().contains("RoleAssignmentExists")
                        ? "the identity already has the role on the rule under another assignment (made by hand?): delete that"
                                + " assignment (az role assignment list --assignee <clientId>), then deploy again"
                        : null);
        if (dryRun) {
            steps.found("<tenantId>, <clientId>, <dcrImmutableIds> and <ingestionEndpoints> from the outputs");
            return new AzureOutputs("<tenantId>", "<clientId>", List.of("<dcrImmutableIds, joined with commas>"),
                    List.of("<ingestionEndpoints, joined with commas>"));
        }
        AzureOutputs azure = azureOutputs(outputs);
        steps.found(azure.dcrImmutableIds().size() + " rule(s) " + String.join(", ", azure.dcrImmutableIds()) + " at "
                + String.join(", ", azure.ingestionEndpoints()) + "; identity " + azure.clientId() + " in tenant " + azure.tenantId());
        return azure;
    }

    /**
     * The name of the identity's federated credential that already trusts this role, so the template keeps it rather
     * than add a second one for the same issuer and subject (0.6.0 and earlier named the one credential
     * aws-forwarder-role; the template now names one per role). Null when there is none, or no identity yet.
     */
    private String existingCredential(String issuer, String roleArn) throws IOException, InterruptedException {
        ExternalCommand list = ExternalCommand.of("az", "identity", "federated-credential", "list", "--subscription",
                settings.subscription(), "--resource-group", settings.resourceGroup(), "--identity-name", IDENTITY_NAME, "--output", "json");
        CommandRunner.Result result = steps.attempt(list, "-> the name of one that trusts <issuer> and the role, passed as"
                + " credentialName");
        if (result == null || !result.succeeded()) {
            return null; // no identity yet: the template makes it, with the role's credential
        }
        for (JsonNode credential : CliSteps.parse(result, list)) {
            if (credential.path("subject").asText().equals(roleArn) && credential.path("issuer").asText().equals(issuer)) {
                steps.found("the identity already trusts the role through credential " + credential.path("name").asText() + ": kept");
                return credential.path("name").asText();
            }
        }
        return null;
    }

    private void signedInToAzure() throws IOException, InterruptedException {
        steps.begin("Azure: who you are signed in as");
        JsonNode account = steps.json(ExternalCommand.of("az", "account", "show",
                "--subscription", settings.subscription(), "--output", "json"),
                "the Azure CLI is not signed in to subscription " + settings.subscription() + ": run 'az login' (and 'az account set"
                        + " --subscription " + settings.subscription() + "'), then deploy again");
        steps.found("tenant " + (dryRun ? "<tenant>" : account.path("tenantId").asText()) + " as "
                + (dryRun ? "<you>" : account.path("user").path("name").asText()));
    }

    /** The outputs of the Azure deployment already made, read without changing it; null when there is none. */
    private AzureOutputs deployedAzure() throws IOException, InterruptedException {
        ExternalCommand show = ExternalCommand.of("az", "deployment", "group", "show", "--subscription", settings.subscription(),
                "--resource-group", settings.resourceGroup(), "--name", DEPLOYMENT_NAME, "--query", "properties.outputs", "--output", "json");
        CommandRunner.Result result = steps.attempt(show, null);
        if (!result.succeeded()) {
            steps.found("no earlier Azure deployment " + DEPLOYMENT_NAME + " in " + settings.resourceGroup() + ": the Azure template"
                    + " comes first, then the stack's plan");
            return null;
        }
        AzureOutputs azure = azureOutputs(CliSteps.parse(result, show));
        steps.found("the rule and identity in place: the stack's plan comes before the Azure template, with them");
        return azure;
    }

    private static AzureOutputs azureOutputs(JsonNode outputs) {
        AzureOutputs azure = new AzureOutputs(outputs.path("tenantId").path("value").asText(),
                outputs.path("clientId").path("value").asText(), strings(outputs.path("dcrImmutableIds").path("value")),
                strings(outputs.path("ingestionEndpoints").path("value")));
        if (azure.tenantId().isEmpty() || azure.clientId().isEmpty() || azure.dcrImmutableIds().isEmpty()
                || azure.ingestionEndpoints().size() != azure.dcrImmutableIds().size()) {
            throw new DeployFailedException("the Azure deployment's outputs lack tenantId, clientId, dcrImmutableIds or"
                    + " ingestionEndpoints (got " + outputs + "): is " + TEMPLATE + " this version's?");
        }
        return azure;
    }

    /**
     * The stack's plan: a change set prepared by the CDK (it publishes the function's code first) with the options in
     * force and these Azure outputs, then read back. A removal or replacement of a guarded resource without --yes
     * deletes the change set and stops: nothing of the stack was changed.
     */
    private StackPlan plan(String region, AzureOutputs azure, StackSettings stack) throws IOException, InterruptedException {
        steps.begin("the stack " + settings.stackName() + ": the plan (a CloudFormation change set, not run yet)");
        List<String> words = new ArrayList<>(List.of("npx", "-y", CDK, "deploy", "--method=prepare-change-set",
                "--change-set-name", CHANGE_SET, "--require-approval", "never", "--no-notices",
                "-c", "ingestionEndpoint=" + String.join(",", azure.ingestionEndpoints()),
                "-c", "dcrImmutableId=" + String.join(",", azure.dcrImmutableIds()),
                "-c", "azureTenantId=" + azure.tenantId(), "-c", "azureClientId=" + azure.clientId(),
                "-c", "stackName=" + settings.stackName()));
        stack.inForce().forEach((name, value) -> words.addAll(List.of("-c", name + "=" + value)));
        steps.exec(new ExternalCommand(words, Map.of("AWS_REGION", region, "AWS_DEFAULT_REGION", region), Path.of("infra")),
                "read the CDK output above: it names what it could not synthesise or publish; fix that and deploy again");
        JsonNode description = steps.json(cloudFormation(region, "describe-change-set", "--change-set-name", CHANGE_SET, "--output", "json"),
                "the change set " + CHANGE_SET + " the CDK prepared cannot be read (cloudformation:DescribeChangeSet): ask for it,"
                        + " then deploy again");
        if (dryRun) {
            steps.found("every resource added, changed, replaced or removed; a removed or replaced trail, bucket, key, table, alarm"
                    + " topic or role stops here without --yes");
            return new StackPlan(List.of(new StackPlan.Change("Dynamic", "<the plan>", "", "False")));
        }
        String status = description.path("Status").asText();
        if (status.equals("FAILED") && !description.path("StatusReason").asText().contains("didn't contain changes")) {
            throw new DeployFailedException("CloudFormation refused the change set: " + description.path("StatusReason").asText()
                    + "; fix what it names and deploy again");
        }
        StackPlan plan = StackPlan.of(description);
        if (plan.nothingChanges()) {
            steps.found("nothing changes: the stack is as these settings make it");
            return plan;
        }
        plan.lines().forEach(line -> out.println("    " + line));
        List<String> losses = plan.needingYes();
        if (!losses.isEmpty() && !settings.yes()) {
            discard(region);
            throw new DeployFailedException("the plan would " + String.join("; ", losses) + ". Nothing was changed. If that is"
                    + " what you want, deploy again with --yes; if not, give the option again that kept it (deploy --show lists"
                    + " the settings in force)");
        }
        steps.found(plan.changes().size() + " change(s)" + (losses.isEmpty() ? "" : ", " + losses.size() + " of them allowed by --yes"));
        return plan;
    }

    /** Runs the plan (or nothing, when nothing changes) and returns the stack's outputs. */
    private Map<String, String> change(String region, StackPlan plan, StackSettings stack) throws IOException, InterruptedException {
        steps.begin("the stack " + settings.stackName() + ": the change, then its outputs");
        if (plan.nothingChanges()) {
            discard(region);
        } else {
            steps.exec(cloudFormation(region, "execute-change-set", "--change-set-name", CHANGE_SET), "you may prepare the change but not"
                    + " run it (cloudformation:ExecuteChangeSet): ask for it, or have it run, then deploy again");
            steps.exec(cloudFormation(region, "wait", stack.exists() ? "stack-update-complete" : "stack-create-complete"),
                    "CloudFormation could not complete the change and rolls the stack back by itself; the first *_FAILED event"
                            + " says why (aws cloudformation describe-stack-events --region " + region + " --stack-name "
                            + settings.stackName() + "): fix that and deploy again");
        }
        JsonNode outputs = steps.json(cloudFormation(region, "describe-stacks", "--query", "Stacks[0].Outputs", "--output", "json"),
                "the stack's outputs cannot be read (cloudformation:DescribeStacks): they are also in the CloudFormation console"
                        + " (stack " + settings.stackName() + ", Outputs)");
        if (dryRun) {
            steps.found("<ForwarderFunctionName>, ForwarderRoleArn and IssuerUrl from the outputs");
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        outputs.forEach(o -> values.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
        if (!values.containsKey("ForwarderFunctionName")) {
            throw new DeployFailedException("the stack's outputs lack ForwarderFunctionName (" + outputs + "): is the stack "
                    + settings.stackName() + " this project's? Its outputs are also in the CloudFormation console");
        }
        steps.found("function " + values.get("ForwarderFunctionName") + ", role " + values.get("ForwarderRoleArn"));
        return values;
    }

    /** Deletes deploy's change set (a plan not run, or one with nothing in it). */
    private void discard(String region) throws IOException, InterruptedException {
        // a change set left behind is harmless: the next prepare replaces it
        steps.attempt(cloudFormation(region, "delete-change-set", "--change-set-name", CHANGE_SET), null);
    }


    /**
     * The deployment check inside the function (only its own role gets tokens Entra accepts), repeated while Azure is
     * still applying a new role assignment or federated credential, up to the settings' wait.
     */
    private void check(String region, String function) throws IOException, InterruptedException {
        steps.begin("the check: the function gets a token as deployed and sends each stream an empty request");
        Path response = dryRun ? Path.of("/dev/stdout") : Files.createTempFile("forwarder-check", ".json");
        String payload = "{\"Records\":[{\"messageId\":\"check\",\"body\":\"{\\\"" + Notification.CheckDeployment.FIELD + "\\\": true}\"}]}";
        ExternalCommand invoke = ExternalCommand.of("aws", "lambda", "invoke", "--region", region, "--function-name", function + ":live",
                "--cli-binary-format", "raw-in-base64-out", "--payload", payload, "--log-type", "Tail", "--output", "json",
                response.toString());
        if (dryRun) {
            out.println(invoke.display() + "    # -> {\"batchItemFailures\":[]} when every step passed");
            return;
        }
        Instant giveUp = time.clock().instant().plus(settings.checkWait());
        out.println("  $ " + invoke.display());
        try {
            while (true) {
                CommandRunner.Result result = runner.run(invoke);
                if (!result.succeeded()) {
                    throw CliSteps.failed(invoke, result, "the function could not be invoked: is the stack deployed (its"
                            + " ForwarderFunctionName output) and may you call lambda:InvokeFunction on it?");
                }
                JsonNode answer = Json.mapper().readTree(Files.readString(response));
                List<String> failures = failedSteps(CliSteps.parse(result, invoke).path("LogResult").asText(""));
                if (answer.path("batchItemFailures").isArray() && answer.path("batchItemFailures").isEmpty()) {
                    steps.found("passed: the forwarder can send to every stream. Logs arrive within a minute or two of each new object;"
                            + " in Sentinel: AWSCloudTrail | where TimeGenerated > ago(1h) | take 10");
                    return;
                }
                boolean propagating = !failures.isEmpty() && failures.stream().allMatch(GoLive::stillApplying);
                if (!propagating || !time.clock().instant().isBefore(giveUp)) {
                    throw new DeployFailedException("the check failed: " + (failures.isEmpty()
                            ? "see the 'deployment check failed' lines in the function's log group"
                            : String.join("; ", failures)) + (propagating ? ". Azure can take up to 30 minutes to apply a new role"
                                    + " assignment: run ./forwarder deploy again later (it changes nothing that is in place)" : ""));
                }
                out.println("  waiting for Azure to apply the new role or credential (" + failures.getFirst().lines().findFirst().orElse("")
                        + "); checking again in " + CHECK_EVERY.toSeconds() + " s, at most until " + giveUp);
                time.sleeper().sleep(CHECK_EVERY);
            }
        } finally {
            Files.deleteIfExists(response);
        }
    }

    /** A refusal that a new assignment or credential explains until Azure has applied it. */
    private static boolean stillApplying(String failure) {
        return failure.contains("Monitoring Metrics Publisher") || failure.contains("federated identity credential");
    }

    /** The failed steps the check logged, from the tail of the function's log that {@code --log-type Tail} returns. */
    private static List<String> failedSteps(String logResult) {
        List<String> failed = new ArrayList<>();
        String log = new String(Base64.getMimeDecoder().decode(logResult), StandardCharsets.UTF_8);
        for (String line : log.lines().toList()) {
            int start = line.indexOf('{');
            if (start < 0 || !line.contains("deployment check failed")) {
                continue;
            }
            try {
                JsonNode fields = Json.mapper().readTree(line.substring(start));
                failed.add(fields.path("step").asText() + ": " + fields.path("detail").asText());
            } catch (IOException notJson) {
                failed.add(line.strip());
            }
        }
        return failed;
    }

    private ExternalCommand cloudFormation(String region, String... words) {
        return CliSteps.cloudFormation(region, settings.stackName(), words);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
