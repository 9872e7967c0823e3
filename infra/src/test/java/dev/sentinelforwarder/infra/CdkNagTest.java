package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The AwsSolutions pack of cdk-nag finds nothing unsuppressed; every suppression in the construct says why. */
class CdkNagTest {
    static Stream<Arguments> deployments() {
        return Stream.of(arguments("defaults", SentinelForwarderTest.PROPS),
                arguments("alarms mailed through a topic of the stack's", SentinelForwarderTest.azureOutputs()
                        .withAlarmEmail("secops@example.com").build()),
                arguments("notifications through EventBridge", SentinelForwarderTest.azureOutputs().withNotifications("eventbridge").build()),
                arguments("notifications through an existing bucket's topic", SentinelForwarderTest.azureOutputs()
                        .withExistingBucketName("log-archive").withNotifications("sns:" + SentinelForwarderTest.TOPIC).build()),
                arguments("another account's log-archive bucket", SentinelForwarderTest.logArchive().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void awsSolutionsChecksPass(String name, SentinelForwarderProps props) {
        App app = new App();
        Stack stack = new Stack(app, "Nag");
        new SentinelForwarder(stack, "Forwarder", props);
        Aspects.of(stack).add(new AwsSolutionsChecks());

        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).collect(Collectors.toList())).isEmpty();
        assertThat(warnings.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).collect(Collectors.toList())).isEmpty();
    }
}
