package io.medsum.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions, Fn::If, AWS::NoValue, Select/Split and list parameters, as CloudFormation evaluates them. */
class ConditionsTest {
    private final CloudFormationTemplate template = CloudFormationTemplate.parse("""
            Parameters:
              ApiAuth: {Type: String, Default: IAM}
              AlarmEmail: {Type: String, Default: ''}
              Cidrs: {Type: CommaDelimitedList, Default: ''}
              ModelId: {Type: String, Default: amazon.titan-text-express-v1}
            Conditions:
              UseApiKey: !Equals [!Ref ApiAuth, API_KEY]
              UseIam: !Not [!Condition UseApiKey]
              HasEmail: !Not [!Equals [!Ref AlarmEmail, '']]
              HasCidrs: !Not [!Equals [!Join ['', !Ref Cidrs], '']]
              KeyWithEmail: !And [!Condition UseApiKey, {Condition: HasEmail}]
              EitherOption: !Or [!Condition UseApiKey, !Condition HasEmail]
              IsProfile: !Equals [!Select [0, !Split ['.', !Ref ModelId]], us]
              Loop: !Not [!Condition Loop]
            Resources:
              Subscription:
                Type: AWS::SNS::Subscription
                Condition: HasEmail
            """);

    private Object resolve(Object value, Map<String, Object> parameters) {
        return template.resolve(value, parameters, Map.of("Topic", "topic-arn"));
    }

    @Test
    void conditionsFollowTheParameterValues() {
        assertThat(template.condition("UseApiKey", Map.of())).isFalse();
        assertThat(template.condition("UseIam", Map.of())).isTrue();
        assertThat(template.condition("UseApiKey", Map.of("ApiAuth", "API_KEY")))
                .isTrue();
        assertThat(template.condition("KeyWithEmail", Map.of("ApiAuth", "API_KEY", "AlarmEmail", "ops@example.org")))
                .isTrue();
        assertThat(template.condition("KeyWithEmail", Map.of("ApiAuth", "API_KEY")))
                .isFalse();
        assertThat(template.condition("EitherOption", Map.of("AlarmEmail", "ops@example.org")))
                .isTrue();
    }

    @Test
    void aResourceExistsOnlyWhenItsConditionHolds() {
        assertThat(template.exists("Subscription", Map.of())).isFalse();
        assertThat(template.exists("Subscription", Map.of("AlarmEmail", "ops@example.org")))
                .isTrue();
    }

    @Test
    void ifPicksABranchAndNoValueRemovesWhatItStandsIn() {
        Object statement = List.of(
                new Intrinsic("Fn::If", List.of("UseApiKey", "key-statement", new Intrinsic("Ref", "AWS::NoValue"))),
                "always");
        Map<String, Object> properties = Map.of(
                "Kept",
                "yes",
                "Dropped",
                new Intrinsic(
                        "Fn::If",
                        List.of("HasEmail", new Intrinsic("Ref", "Topic"), new Intrinsic("Ref", "AWS::NoValue"))));

        assertThat(resolve(statement, Map.of())).isEqualTo(List.of("always"));
        assertThat(resolve(statement, Map.of("ApiAuth", "API_KEY"))).isEqualTo(List.of("key-statement", "always"));
        assertThat(resolve(properties, Map.of())).isEqualTo(Map.of("Kept", "yes"));
        assertThat(resolve(properties, Map.of("AlarmEmail", "ops@example.org")))
                .isEqualTo(Map.of("Kept", "yes", "Dropped", "topic-arn"));
        assertThat(resolve(new Intrinsic("Ref", "AWS::NoValue"), Map.of())).isNull();
    }

    @Test
    void onlyTheChosenBranchIsEvaluated() {
        Object value = new Intrinsic("Fn::If", List.of("UseApiKey", new Intrinsic("Ref", "NotDeployedHere"), "fine"));

        assertThat(resolve(value, Map.of())).isEqualTo("fine");
    }

    @Test
    void listParametersAreListsAndSplitSelectWorkOnText() {
        assertThat(resolve(new Intrinsic("Ref", "Cidrs"), Map.of("Cidrs", "10.0.0.0/8,192.168.0.0/16")))
                .isEqualTo(List.of("10.0.0.0/8", "192.168.0.0/16"));
        assertThat(template.condition("HasCidrs", Map.of())).isFalse();
        assertThat(template.condition("HasCidrs", Map.of("Cidrs", "10.0.0.0/8")))
                .isTrue();
        assertThat(template.condition("IsProfile", Map.of("ModelId", "us.anthropic.claude-3-haiku-20240307-v1:0")))
                .isTrue();
        assertThat(template.condition("IsProfile", Map.of())).isFalse();
        assertThat(resolve(new Intrinsic("Fn::Split", List.of(".", "a..b")), Map.of()))
                .isEqualTo(List.of("a", "", "b"));
    }

    @Test
    void unknownAndCircularConditionsAreErrors() {
        assertThatThrownBy(() -> template.condition("Nope", Map.of())).hasMessageContaining("Unknown condition 'Nope'");
        assertThatThrownBy(() -> template.condition("Loop", Map.of())).hasMessageContaining("refers to itself");
    }
}
