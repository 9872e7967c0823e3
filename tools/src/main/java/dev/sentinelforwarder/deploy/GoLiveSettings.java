package dev.sentinelforwarder.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code deploy} is told: the workspace (which names the subscription and, by default, the resource group), the
 * AWS region and stack, and CDK context passed through as given.
 *
 * @param region null: the AWS CLI's (AWS_REGION, AWS_DEFAULT_REGION, then the profile's)
 * @param context {@code -c name=value} for the stack, beside the values deploy finds itself
 * @param checkWait how long the check may wait for Azure to apply a new role assignment or federated credential
 */
public record GoLiveSettings(String workspaceResourceId, String subscription, String resourceGroup, String region,
        String stackName, int ruleCount, Map<String, String> context, Duration checkWait) {
    private static final Pattern WORKSPACE = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.OperationalInsights/workspaces/([^/]+)",
            Pattern.CASE_INSENSITIVE);
    /** What the stack, not the user, sets from the Azure outputs. */
    private static final List<String> FOUND = List.of("ingestionEndpoint", "dcrImmutableId", "azureTenantId", "azureClientId", "stackName");

    public GoLiveSettings {
        context = Map.copyOf(context);
    }

    /**
     * Checks every value and lists all problems at once.
     *
     * @param resourceGroup null: the workspace's
     */
    public static GoLiveSettings of(String workspaceResourceId, String resourceGroup, String region, String stackName, int ruleCount,
            List<String> contextPairs, Duration checkWait) {
        List<String> problems = new ArrayList<>();
        Matcher workspace = WORKSPACE.matcher(workspaceResourceId == null ? "" : workspaceResourceId.strip());
        if (!workspace.matches()) {
            problems.add("--workspace must be the workspace's resource id, /subscriptions/<id>/resourceGroups/<group>/providers/"
                    + "Microsoft.OperationalInsights/workspaces/<name> (az monitor log-analytics workspace show -g <group> -n <name>"
                    + " --query id -o tsv), not '" + workspaceResourceId + "'");
        }
        if (ruleCount < 1 || ruleCount > 20) {
            problems.add("--rule-count must be 1 to 20 (the Azure template's ruleCount), not " + ruleCount);
        }
        if (!stackName.matches("[A-Za-z][A-Za-z0-9-]{0,100}")) {
            problems.add("--stack-name must start with a letter and hold only letters, digits and '-', not '" + stackName + "'");
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (String pair : contextPairs) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals <= 0) {
                problems.add("--context takes name=value (e.g. --context trail=true), not '" + pair + "'");
            } else if (name.equals("auth")) {
                problems.add("--context auth: deploy sets up the default, federated mode (no secret); for auth=secret follow the"
                        + " README's 'With an Entra app's secret instead'");
            } else if (FOUND.contains(name)) {
                problems.add("--context " + name + " is set by deploy itself" + (name.equals("stackName") ? ": use --stack-name" : ""));
            } else {
                context.put(name, pair.substring(equals + 1));
            }
        }
        if (checkWait.isNegative()) {
            problems.add("--check-wait must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new GoLiveSettings(workspaceResourceId.strip(), workspace.group(1),
                resourceGroup == null ? workspace.group(2) : resourceGroup, region, stackName, ruleCount, context, checkWait);
    }

    /** The forwarder role's name: fixed, so its ARN is known before the stack exists. */
    public String roleName() {
        return context.getOrDefault("forwarderRoleName", stackName + "-forwarder");
    }

    /** Whether the stack turns on outbound federation itself (it does unless told not to). */
    public boolean stackEnablesFederation() {
        return !"false".equals(context.get("enableOutboundFederation"));
    }
}
