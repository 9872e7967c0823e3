#!/usr/bin/env python3
"""The state behind the stand-in CLIs (standin calls it). The stack's side: `npx aws-cdk deploy --method=prepare-change-set` makes a
change set from the -c options as the CDK app would (a small model of the stack's resources: the log bucket, its key,
the queue, the forwarder's role and function, the ledger, a trail with trail=true, an alarm topic with alarmEmail, a
flow log per VPC), and `aws cloudformation` get-template, describe-change-set, execute-change-set, delete-change-set,
wait and describe-stacks answer from the state it keeps in $STANDIN_STATE, in the real CLI's output shapes. The
template's Metadata holds the options the stack was given, as the CDK app writes it. Each stack's state is its own
(files named <stack>.<what>). Azure's side: the managed identity's federated credentials (az-credentials, one
added by each az deployment group create, named as the template names it), the identity, its role assignment and
the rule, each deleted by its az command."""
import hashlib
import json
import os
import sys

STATE = os.environ["STANDIN_STATE"]
ACCOUNT = "111122223333"
ISSUER = "https://a1b2c3d4-0000-4000-8000-000000000000.tokens.sts.global.api.aws"
SET_BY_DEPLOY = {"ingestionEndpoint", "dcrImmutableId", "azureTenantId", "azureClientId", "stackName", "jarPath"}


def path(name):
    return os.path.join(STATE, name)


def load(name, default=None):
    try:
        with open(path(name)) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def save(name, value):
    with open(path(name), "w") as f:
        json.dump(value, f, indent=2, sort_keys=True)


def flag(name):
    try:
        with open(path(name)) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


def aws_error(code, operation, message, status=254):
    sys.stderr.write(f"\nAn error occurred ({code}) when calling the {operation} operation: {message}\n")
    sys.exit(status)


def arg_after(args, name):
    for i, word in enumerate(args[:-1]):
        if word == name:
            return args[i + 1]
    return None


def context(args):
    values = {}
    for i, word in enumerate(args[:-1]):
        if word == "-c":
            name, _, value = args[i + 1].partition("=")
            values[name] = value
    return values


def resources(options):
    """The stack's resources for these options: {logical id: [type, properties]}."""
    stack = options.get("stackName", "SentinelAwsForwarder")
    made = {"ForwarderLogBucket": ["AWS::S3::Bucket", ""], "ForwarderKey": ["AWS::KMS::Key", ""],
            "ForwarderQueue": ["AWS::SQS::Queue", ""],
            "ForwarderIdentityRole": ["AWS::IAM::Role", options.get("forwarderRoleName", stack + "-forwarder")],
            "ForwarderFunction": ["AWS::Lambda::Function", json.dumps(options, sort_keys=True)]}
    if options.get("ledger", "true") != "false":
        made["ForwarderLedger"] = ["AWS::DynamoDB::Table", ""]
    if options.get("trail") == "true":
        made["ForwarderLogSourcesTrail"] = ["AWS::CloudTrail::Trail", options.get("trailDataEvents", "false")]
    if options.get("alarmEmail"):
        made["ForwarderAlarmTopic"] = ["AWS::SNS::Topic", ""]
        made["ForwarderAlarmTopicMail"] = ["AWS::SNS::Subscription", options["alarmEmail"]]
    for vpc in filter(None, options.get("flowLogVpcIds", "").split(",")):
        made["ForwarderFlowLog" + vpc.replace("-", "")] = ["AWS::EC2::FlowLog", ""]
    return made


def prepare(args):
    options = context(args)
    stack = options["stackName"]
    before = load(stack + ".stack-resources", {})
    after = resources(options)
    changes = []
    for logical, (kind, props) in after.items():
        if logical not in before:
            changes.append({"Action": "Add", "LogicalResourceId": logical, "ResourceType": kind})
        elif before[logical][1] != props:
            replacement = "True" if kind == "AWS::IAM::Role" else "False"
            changes.append({"Action": "Modify", "LogicalResourceId": logical, "ResourceType": kind, "Replacement": replacement})
    for logical, (kind, _) in before.items():
        if logical not in after:
            changes.append({"Action": "Remove", "LogicalResourceId": logical, "ResourceType": kind})
    description = {"ChangeSetName": arg_after(args, "--change-set-name"), "StackName": stack,
                   "Changes": [{"Type": "Resource", "ResourceChange": c} for c in changes]}
    if changes:
        description.update(Status="CREATE_COMPLETE", ExecutionStatus="AVAILABLE")
    else:
        description.update(Status="FAILED", ExecutionStatus="UNAVAILABLE",
                           StatusReason="The submitted information didn't contain changes. Submit different information to create a change set.")
    save(stack + ".changeset.json", description)
    save(stack + ".changeset-state.json", {"resources": after,
                                  "settings": {k: v for k, v in sorted(options.items()) if k not in SET_BY_DEPLOY}})
    print(f" ✨  Synthesis time: 4.2s\n{stack}: creating CloudFormation changeset...")
    print(f"Changeset arn:aws:cloudformation:eu-west-1:{ACCOUNT}:changeSet/{description['ChangeSetName']}/1 created and waiting"
          " in review for manual execution (--no-execute)", file=sys.stderr)


def cloudformation(args):
    command, stack = args[0], arg_after(args, "--stack-name")
    if command == "get-template":
        settings = load(stack + ".stack-settings")
        if settings is None:
            aws_error("ValidationError", "GetTemplate", f"Stack with id {stack} does not exist")
        body = {"Resources": {k: {"Type": v[0]} for k, v in load(stack + ".stack-resources", {}).items()}}
        if flag("stack-kept") != "none":
            body["Metadata"] = {"SentinelAwsForwarderSettings": settings}
        print(json.dumps(body, indent=4))
    elif command == "describe-change-set":
        description = load(stack + ".changeset.json")
        if description is None:
            aws_error("ChangeSetNotFound", "DescribeChangeSet", f"ChangeSet [{arg_after(args, '--change-set-name')}] does not exist")
        print(json.dumps(description, indent=4))
    elif command == "delete-change-set":
        for name in (stack + ".changeset.json", stack + ".changeset-state.json"):
            if os.path.exists(path(name)):
                os.remove(path(name))
    elif command == "execute-change-set":
        state = load(stack + ".changeset-state.json")
        if state is None:
            aws_error("ChangeSetNotFound", "ExecuteChangeSet", "ChangeSet does not exist")
        save(stack + ".stack-resources", state["resources"])
        save(stack + ".stack-settings", state["settings"])
        for name in (stack + ".changeset.json", stack + ".changeset-state.json"):
            os.remove(path(name))
    elif command == "wait":
        if flag("cfn-wait") == "rollback":
            sys.stderr.write("\nWaiter StackUpdateComplete failed: Waiter encountered a terminal failure state: For expression"
                             " \"Stacks[].StackStatus\" we matched expected path: \"UPDATE_ROLLBACK_COMPLETE\" at least once\n")
            sys.exit(255)
    elif command == "describe-stack-resources":
        if load(stack + ".stack-settings") is None:
            aws_error("ValidationError", "DescribeStackResources", f"Stack with id {stack} does not exist")
        keys = [{"LogicalResourceId": k, "PhysicalResourceId": hashlib.sha256(k.encode()).hexdigest()[:8] + "-0000-4000-8000-000000000000",
                 "ResourceType": "AWS::KMS::Key"} for k in ("ForwarderKey", "ForwarderQueueKey", "ForwarderAlarmKey")]
        print(json.dumps({"StackResources": keys}, indent=4))
    elif command == "delete-stack":
        for what in ("stack-settings", "stack-resources"):
            if os.path.exists(path(stack + "." + what)):
                os.remove(path(stack + "." + what))
    elif command == "describe-stacks":
        if load(stack + ".stack-settings") is None:
            aws_error("ValidationError", "DescribeStacks", f"Stack with id {stack} does not exist")
        role = load(stack + ".stack-resources", {}).get("ForwarderIdentityRole", ["", stack + "-forwarder"])[1]
        outputs = {"LogBucket": stack.lower() + "-logbucket-1a2b3c", "ForwarderRoleArn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
                   "IssuerUrl": flag("stack-issuer") or ISSUER, "QueueUrl": f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/queue",
                   "ForwarderFunctionName": stack + "-ForwarderFunction1A2B3C-abcdef"}
        if flag("cdk-outputs") == "none":
            del outputs["ForwarderFunctionName"]
        print(json.dumps([{"OutputKey": k, "OutputValue": v} for k, v in outputs.items()], indent=4))
    else:
        sys.stderr.write(f"standin: no answer for: aws cloudformation {' '.join(args)}\n")
        sys.exit(99)


def azure(args):
    words = " ".join(args)
    credentials = load("az-credentials", [])
    if words.startswith("deployment group create"):
        role = issuer = name = None
        for word in args:
            if word.startswith("forwarderRoleArn="):
                role = word.split("=", 1)[1]
            elif word.startswith("awsIssuerUrl="):
                issuer = word.split("=", 1)[1]
            elif word.startswith("credentialName="):
                name = word.split("=", 1)[1]
        name = name or "aws-" + hashlib.sha256(role.encode()).hexdigest()[:13]  # as uniqueString: stable per role
        if not any(c["name"] == name for c in credentials):
            credentials.append({"name": name, "issuer": issuer, "subject": role, "audiences": ["api://AzureADTokenExchange"]})
        save("az-credentials", credentials)
        save("az-identity", {"clientId": "1a2b3c4d-0000-4000-8000-00000000000c"})
        save("az-rules", [{"name": "sentinel-aws-forwarder"}])
    elif words.startswith("identity federated-credential list"):
        if load("az-identity") is None:
            sys.stderr.write("ERROR: (ResourceNotFound) The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/"
                             "sentinel-aws-forwarder' under resource group 'sentinel-rg' was not found.\n")
            sys.exit(3)
        print(json.dumps(credentials, indent=2))
    elif words.startswith("identity federated-credential delete"):
        name = arg_after(args, "--name")
        save("az-credentials", [c for c in credentials if c["name"] != name])
    elif words.startswith("identity show"):
        identity = load("az-identity")
        if identity is None:
            sys.stderr.write("ERROR: (ResourceNotFound) The Resource was not found.\n")
            sys.exit(3)
        print(json.dumps(identity))
    elif words.startswith("identity delete"):
        for name in ("az-identity", "az-credentials"):
            if os.path.exists(path(name)):
                os.remove(path(name))
    elif words.startswith("role assignment delete"):
        pass
    elif words.startswith("monitor data-collection rule list"):
        print(json.dumps(load("az-rules", [])))
    elif words.startswith("monitor data-collection rule delete"):
        name = arg_after(args, "--name")
        save("az-rules", [r for r in load("az-rules", []) if r["name"] != name])
    elif words.startswith("deployment group delete"):
        if os.path.exists(path("az-deployed")):
            os.remove(path("az-deployed"))
    else:
        sys.stderr.write(f"standin: no answer for: az {words}\n")
        sys.exit(99)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2:])
    elif sys.argv[1] == "azure":
        azure(sys.argv[2:])
    else:
        cloudformation(sys.argv[2:])
