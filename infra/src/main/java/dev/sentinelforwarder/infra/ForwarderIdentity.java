package dev.sentinelforwarder.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The forwarder's AWS identity and, in the federated mode, what makes it an identity Entra trusts: the role
 * (named, so its ARN, the subject of its tokens, is known before the stack exists), the right to ask STS
 * for tokens for Entra only ({@code sts:GetWebIdentityToken} with audience, algorithm and duration pinned),
 * the account's outbound identity federation switched on (opt-out: some organisations let only an
 * administrator do it), and the account's issuer URL read back for the Azure side.
 */
final class ForwarderIdentity extends Construct {
    static final String AUDIENCE = "api://AzureADTokenExchange";
    static final String ALGORITHM = "RS256";
    static final int MAX_TOKEN_SECONDS = 300;

    private final Role role;
    private final String issuerUrl;

    ForwarderIdentity(Construct scope, String id, SentinelForwarderProps props) {
        super(scope, id);
        String name = props.forwarderRoleName() != null ? props.forwarderRoleName() : Stack.of(this).getStackName() + "-forwarder";
        role = Role.Builder.create(this, "Role").roleName(name).assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")))
                .description("sentinel-aws-forwarder: the forwarder Lambda's role").build();
        if (!props.auth().equals("federated")) {
            issuerUrl = null;
            return;
        }
        // GetWebIdentityToken has no resource type; the conditions allow tokens for Entra's exchange only.
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sts:GetWebIdentityToken")).resources(List.of("*"))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("sts:IdentityTokenAudience", List.of(AUDIENCE)),
                        "StringEquals", Map.of("sts:SigningAlgorithm", ALGORITHM),
                        "NumericLessThanEquals", Map.of("sts:DurationSeconds", MAX_TOKEN_SECONDS)))
                .build());
        AwsCustomResource enable = null;
        if (props.enableOutboundFederation()) {
            // Account-wide and left on when the stack goes: other stacks may rely on it. "Already enabled" is fine.
            enable = AwsCustomResource.Builder.create(this, "EnableOutboundFederation")
                    .onCreate(AwsSdkCall.builder().service("IAM").action("enableOutboundWebIdentityFederation")
                            .physicalResourceId(PhysicalResourceId.of("outbound-web-identity-federation"))
                            .ignoreErrorCodesMatching("FeatureEnabled").build())
                    .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                            .actions(List.of("iam:EnableOutboundWebIdentityFederation")).resources(List.of("*")).build())))
                    .installLatestAwsSdk(false).build();
        }
        AwsSdkCall readIssuer = AwsSdkCall.builder().service("IAM").action("getOutboundWebIdentityFederationInfo")
                .physicalResourceId(PhysicalResourceId.fromResponse("IssuerIdentifier")).build();
        AwsCustomResource info = AwsCustomResource.Builder.create(this, "OutboundFederationInfo")
                .onCreate(readIssuer).onUpdate(readIssuer)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("iam:GetOutboundWebIdentityFederationInfo")).resources(List.of("*")).build())))
                .installLatestAwsSdk(false).build();
        if (enable != null) {
            info.getNode().addDependency(enable);
        }
        issuerUrl = info.getResponseField("IssuerIdentifier");
        suppressAnyResource(role, "sts:GetWebIdentityToken has no resource type; audience, signing algorithm and duration are"
                + " pinned by conditions");
        suppressAnyResource(info, "iam:GetOutboundWebIdentityFederationInfo reads an account setting: it has no resource type");
        if (enable != null) {
            suppressAnyResource(enable, "iam:EnableOutboundWebIdentityFederation changes an account setting: it has no resource type");
        }
    }

    private static void suppressAnyResource(Construct construct, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .appliesTo(List.of("Resource::*")).reason(reason).build()), true);
    }

    Role role() {
        return role;
    }

    /** The account's token issuer URL (a deploy-time value), or null in the secret mode. */
    String issuerUrl() {
        return issuerUrl;
    }
}
