package dev.sentinelforwarder.deploy;

import dev.sentinelforwarder.options.StackOption;
import dev.sentinelforwarder.options.StackOptions;
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
 * @param context {@code -c name=value} for the stack, beside the values deploy finds itself and those the stack keeps
 * @param unset options the stack keeps that this deploy removes
 * @param checkWait how long the check may wait for Azure to apply a new role assignment or federated credential
 * @param yes go ahead with a plan that removes or replaces a resource holding logs, keys or state
 */
public record GoLiveSettings(String workspaceResourceId, String subscription, String resourceGroup, String region,
        String stackName, int ruleCount, Map<String, String> context, List<String> unset, Duration checkWait, boolean yes) {
    private static final Pattern WORKSPACE = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.OperationalInsights/workspaces/([^/]+)",
            Pattern.CASE_INSENSITIVE);
    public GoLiveSettings {
        context = Map.copyOf(context);
        unset = List.copyOf(unset);
    }

    /**
     * Checks every value and lists all problems at once.
     *
     * @param resourceGroup null: the workspace's
     */
    public static GoLiveSettings of(String workspaceResourceId, String resourceGroup, String region, String stackName, int ruleCount,
            List<String> contextPairs, List<String> unset, Duration checkWait, boolean yes) {
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
            } else if (StackOptions.named(name).map(o -> o.setBy() == StackOption.SetBy.DEPLOY).orElse(false)) {
                problems.add("--context " + name + " is set by deploy itself" + (name.equals("stackName") ? ": use --stack-name" : ""));
            } else {
                context.put(name, pair.substring(equals + 1));
            }
        }
        StackOptions.problems(context).forEach(problem -> problems.add("--context " + problem));
        for (String name : unset) {
            if (StackOptions.named(name).map(o -> o.setBy() != StackOption.SetBy.USER).orElse(false)) {
                problems.add("--unset " + name + ": deploy sets it itself");
            } else if (context.containsKey(name)) {
                problems.add("--unset " + name + " and --context " + name + " together: give one");
            }
        }
        if (checkWait.isNegative()) {
            problems.add("--check-wait must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new GoLiveSettings(workspaceResourceId.strip(), workspace.group(1),
                resourceGroup == null ? workspace.group(2) : resourceGroup, region, stackName, ruleCount, context, unset, checkWait, yes);
    }
}
