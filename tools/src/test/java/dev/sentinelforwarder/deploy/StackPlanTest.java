package dev.sentinelforwarder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.format.Json;
import org.junit.jupiter.api.Test;

/** A change set's description, as describe-change-set prints it, read as the plan deploy shows and guards. */
class StackPlanTest {
    @Test
    void removalsAndReplacementsOfWhatHoldsStateNeedYesAndInPlaceChangesDoNot() throws Exception {
        StackPlan plan = StackPlan.of(Json.mapper().readTree("""
                {"Status": "CREATE_COMPLETE", "Changes": [
                  {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "ForwarderFunction",
                    "ResourceType": "AWS::Lambda::Function", "Replacement": "False"}},
                  {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "ForwarderIdentityRole",
                    "ResourceType": "AWS::IAM::Role", "Replacement": "False"}},
                  {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "ForwarderLedger",
                    "ResourceType": "AWS::DynamoDB::Table", "Replacement": "Conditional"}},
                  {"Type": "Resource", "ResourceChange": {"Action": "Remove", "LogicalResourceId": "ForwarderAlarmTopic",
                    "ResourceType": "AWS::SNS::Topic"}},
                  {"Type": "Resource", "ResourceChange": {"Action": "Add", "LogicalResourceId": "ForwarderFlowLog",
                    "ResourceType": "AWS::EC2::FlowLog", "Replacement": "False"}}]}
                """));

        assertThat(plan.lines()).containsExactly("~ change AWS::Lambda::Function ForwarderFunction",
                "~ change AWS::IAM::Role ForwarderIdentityRole",
                "! replace (maybe) AWS::DynamoDB::Table ForwarderLedger (the ledger: objects forwarded before may be sent again)",
                "- remove AWS::SNS::Topic ForwarderAlarmTopic (an alarm topic: alarms stop reaching their subscribers)",
                "+ add AWS::EC2::FlowLog ForwarderFlowLog");
        assertThat(plan.needingYes()).containsExactly(
                "replace AWS::DynamoDB::Table ForwarderLedger (the ledger: objects forwarded before may be sent again)",
                "remove AWS::SNS::Topic ForwarderAlarmTopic (an alarm topic: alarms stop reaching their subscribers)");
        assertThat(StackPlan.of(Json.mapper().readTree("{\"Status\":\"FAILED\",\"Changes\":[]}")).nothingChanges()).isTrue();
    }
}
