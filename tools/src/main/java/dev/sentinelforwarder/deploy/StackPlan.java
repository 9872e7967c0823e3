package dev.sentinelforwarder.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a CloudFormation change set of the stack would do, read from {@code aws cloudformation describe-change-set}: each
 * resource added, changed (in place or by replacement) or removed. Removing or replacing a resource that holds logs,
 * keys or state, or that turns security logging on, needs {@code --yes}: it is the one place that says which.
 */
public record StackPlan(List<Change> changes) {
    /**
     * The resource types whose loss a user would not expect from an upgrade, with what is lost. A replacement loses it
     * as a removal does: the new resource is another (an emptied table, a new key, a new role's ARN).
     */
    static final Map<String, String> GUARDED = Map.ofEntries(
            Map.entry("AWS::CloudTrail::Trail", "a CloudTrail trail: the account's audit log stops"),
            Map.entry("AWS::S3::Bucket", "a bucket and the logs and quarantine in it"),
            Map.entry("AWS::KMS::Key", "a KMS key: what it encrypted can no longer be read"),
            Map.entry("AWS::DynamoDB::Table", "the ledger: objects forwarded before may be sent again"),
            Map.entry("AWS::SNS::Topic", "an alarm topic: alarms stop reaching their subscribers"),
            Map.entry("AWS::IAM::Role", "a role: the forwarder's identity, which Azure's federated credential trusts by ARN"),
            Map.entry("AWS::SQS::Queue", "a queue and the notifications waiting in it"),
            Map.entry("AWS::SecretsManager::Secret", "a secret"),
            Map.entry("AWS::EC2::FlowLog", "a VPC flow log: that VPC's traffic is no longer logged"),
            Map.entry("AWS::GuardDuty::PublishingDestination", "GuardDuty's export: findings stop reaching the bucket"),
            Map.entry("AWS::Route53Resolver::ResolverQueryLoggingConfig", "Resolver query logging"),
            Map.entry("AWS::NetworkFirewall::LoggingConfiguration", "a firewall's logging"),
            Map.entry("AWS::WAFv2::LoggingConfiguration", "a web ACL's logging"),
            Map.entry("AWS::Logs::LogGroup", "a log group and the function's logs in it"));

    /** One resource's change: Add, Modify or Remove; replacement True, Conditional or False (as CloudFormation says). */
    public record Change(String action, String logicalId, String type, String replacement) {
        boolean replaces() {
            return action.equals("Modify") && (replacement.equals("True") || replacement.equals("Conditional"));
        }

        /** What is lost, when this change loses something that needs --yes; else null. */
        String loses() {
            String what = GUARDED.get(type);
            return what != null && (action.equals("Remove") || replaces()) ? what : null;
        }

        /** One line: what happens to which resource, and what is lost when it needs --yes. */
        String line() {
            String verb = switch (action) {
                case "Add" -> "+ add";
                case "Remove" -> "- remove";
                default -> replaces() ? "! replace" + (replacement.equals("Conditional") ? " (maybe)" : "") : "~ change";
            };
            return verb + " " + type + " " + logicalId + (loses() == null ? "" : " (" + loses() + ")");
        }
    }

    /** The plan in a change set's description. */
    public static StackPlan of(JsonNode description) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode change : description.path("Changes")) {
            JsonNode resource = change.path("ResourceChange");
            changes.add(new Change(resource.path("Action").asText(), resource.path("LogicalResourceId").asText(),
                    resource.path("ResourceType").asText(), resource.path("Replacement").asText("False")));
        }
        return new StackPlan(List.copyOf(changes));
    }

    public boolean nothingChanges() {
        return changes.isEmpty();
    }

    /** The changes that need --yes, each as "remove (or replace) TYPE ID (what is lost)". */
    public List<String> needingYes() {
        return changes.stream().filter(c -> c.loses() != null)
                .map(c -> (c.replaces() ? "replace " : "remove ") + c.type() + " " + c.logicalId() + " (" + c.loses() + ")").toList();
    }

    /** One line per change, in CloudFormation's order. */
    public List<String> lines() {
        return changes.stream().map(Change::line).toList();
    }
}
