package io.medsum.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {

    @Nested
    class TheProjectTemplate {

        private final CloudFormationTemplate template = CloudFormationTemplate.loadProjectTemplate();

        @Test
        void hasTheResourcesOfTheDesign() {
            assertThat(template.resourceIds())
                    .contains(
                            "PatientReportsTable",
                            "ReportsQueue",
                            "ReportsDlq",
                            "IngestFunction",
                            "WorkerFunction",
                            "StatusFunction");
            assertThat(template.resource("PatientReportsTable").type()).isEqualTo("AWS::DynamoDB::Table");
            assertThat(template.resourcesOfType("AWS::SQS::Queue"))
                    .extracting(CloudFormationTemplate.Resource::logicalId)
                    .containsExactlyInAnyOrder("ReportsQueue", "ReportsDlq", "NotificationsQueue", "NotificationsDlq");
            assertThat(template.resourcesOfType("AWS::Events::Rule"))
                    .extracting(CloudFormationTemplate.Resource::logicalId)
                    .containsExactlyInAnyOrder("NotificationsToQueueRule", "NotificationsToLogRule");
            assertThat(template.resource("NotificationBus").type()).isEqualTo("AWS::Events::EventBus");
            assertThat(template.resource("WebhooksTable").type()).isEqualTo("AWS::DynamoDB::Table");
            assertThat(template.resourcesOfType("AWS::Serverless::Function"))
                    .extracting(CloudFormationTemplate.Resource::logicalId)
                    .contains(
                            "IngestFunction",
                            "WorkerFunction",
                            "StatusFunction",
                            "WebhooksFunction",
                            "NotifierFunction");
        }

        @Test
        void keepsShortFormIntrinsicsAsValues() {
            Map<?, ?> redrive = (Map<?, ?>) template.properties("ReportsQueue").get("RedrivePolicy");
            Map<?, ?> ingestVariables = (Map<?, ?>)
                    ((Map<?, ?>) template.properties("IngestFunction").get("Environment")).get("Variables");

            assertThat(redrive.get("deadLetterTargetArn")).isEqualTo(new Intrinsic("Fn::GetAtt", "ReportsDlq.Arn"));
            assertThat(redrive.get("maxReceiveCount")).isEqualTo(new Intrinsic("Ref", "MaxReceiveCount"));
            assertThat(ingestVariables.get("TABLE_NAME")).isEqualTo(new Intrinsic("Ref", "PatientReportsTable"));
        }

        @Test
        void givesEveryParameterADefault() {
            assertThat(template.parameterDefaults().keySet()).containsExactlyElementsOf(template.parameterNames());
        }
    }

    @Test
    void readsEveryShortFormTagWhateverItsArgumentShape() {
        CloudFormationTemplate template = CloudFormationTemplate.parse("""
                Resources:
                  Thing:
                    Type: Test::Thing
                    Properties:
                      Ref: !Ref Param
                      Condition: !Condition IsProd
                      GetAtt: !GetAtt Other.Arn
                      Sub: !Sub "${AWS::StackName}-x"
                      If: !If [IsProd, !Ref A, !Ref B]
                      Equals: !Equals [a, b]
                      Not: !Not [!Condition IsProd]
                      And: !And [!Condition A, !Condition B]
                      Or: !Or [!Condition A, !Condition B]
                      Select: !Select [0, !GetAZs ""]
                      Join: !Join [":", [a, b]]
                      Split: !Split [",", "a,b"]
                      FindInMap: !FindInMap [Map, Key, Value]
                      ImportValue: !ImportValue shared-export
                      Base64: !Base64 text
                      Cidr: !Cidr ["10.0.0.0/16", 2, 8]
                      SubWithVariables: !Sub
                        - "${Name}"
                        - Name: !Ref Param
                """);
        Map<String, Object> properties = template.properties("Thing");

        assertThat(properties.get("Ref")).isEqualTo(new Intrinsic("Ref", "Param"));
        assertThat(properties.get("Condition")).isEqualTo(new Intrinsic("Condition", "IsProd"));
        assertThat(properties.get("GetAtt")).isEqualTo(new Intrinsic("Fn::GetAtt", "Other.Arn"));
        assertThat(properties.get("Sub")).isEqualTo(new Intrinsic("Fn::Sub", "${AWS::StackName}-x"));
        assertThat(properties.get("If"))
                .isEqualTo(new Intrinsic(
                        "Fn::If", List.of("IsProd", new Intrinsic("Ref", "A"), new Intrinsic("Ref", "B"))));
        assertThat(properties.get("Equals")).isEqualTo(new Intrinsic("Fn::Equals", List.of("a", "b")));
        assertThat(properties.get("Not"))
                .isEqualTo(new Intrinsic("Fn::Not", List.of(new Intrinsic("Condition", "IsProd"))));
        assertThat(properties.get("And"))
                .isInstanceOfSatisfying(
                        Intrinsic.class, i -> assertThat(i.name()).isEqualTo("Fn::And"));
        assertThat(properties.get("Or"))
                .isInstanceOfSatisfying(
                        Intrinsic.class, i -> assertThat(i.name()).isEqualTo("Fn::Or"));
        assertThat(properties.get("Select"))
                .isEqualTo(new Intrinsic("Fn::Select", List.of(0, new Intrinsic("Fn::GetAZs", ""))));
        assertThat(properties.get("Join")).isEqualTo(new Intrinsic("Fn::Join", List.of(":", List.of("a", "b"))));
        assertThat(properties.get("Split")).isEqualTo(new Intrinsic("Fn::Split", List.of(",", "a,b")));
        assertThat(properties.get("FindInMap"))
                .isEqualTo(new Intrinsic("Fn::FindInMap", List.of("Map", "Key", "Value")));
        assertThat(properties.get("ImportValue")).isEqualTo(new Intrinsic("Fn::ImportValue", "shared-export"));
        assertThat(properties.get("Base64")).isEqualTo(new Intrinsic("Fn::Base64", "text"));
        assertThat(properties.get("Cidr")).isEqualTo(new Intrinsic("Fn::Cidr", List.of("10.0.0.0/16", 2, 8)));
        assertThat(properties.get("SubWithVariables"))
                .isEqualTo(new Intrinsic("Fn::Sub", List.of("${Name}", Map.of("Name", new Intrinsic("Ref", "Param")))));
    }

    @Test
    void rejectsADuplicatedKeyInsteadOfLettingTheLastOneWin() {
        assertThatThrownBy(() -> CloudFormationTemplate.parse("""
                Resources:
                  Thing: {Type: A}
                  Thing: {Type: B}
                """)).hasMessageContaining("duplicate key");
    }

    @Nested
    class Resolving {

        private final CloudFormationTemplate template = CloudFormationTemplate.parse("""
                Parameters:
                  Stage: {Type: String, Default: dev}
                  Count: {Type: Number, Default: 6}
                  Required: {Type: String}
                """);
        private final Map<String, Object> refs = Map.of(
                "Queue", "http://localhost/queue",
                "Queue.Arn", "arn:aws:sqs:us-east-1:000000000000:queue",
                "AWS::StackName", "medsum-local");

        private Object resolve(Object value) {
            return template.resolve(value, Map.of(), refs);
        }

        @Test
        void refToAParameterGivesItsDefaultAsText() {
            assertThat(resolve(new Intrinsic("Ref", "Count"))).isEqualTo("6");
        }

        @Test
        void refToAParameterGivesTheOverrideWhenThereIsOne() {
            assertThat(template.resolve(new Intrinsic("Ref", "Count"), Map.of("Count", "3"), refs))
                    .isEqualTo("3");
        }

        @Test
        void refAndGetAttToAResourceGiveTheSuppliedValues() {
            assertThat(resolve(new Intrinsic("Ref", "Queue"))).isEqualTo(refs.get("Queue"));
            assertThat(resolve(new Intrinsic("Fn::GetAtt", "Queue.Arn"))).isEqualTo(refs.get("Queue.Arn"));
            assertThat(resolve(new Intrinsic("Fn::GetAtt", List.of("Queue", "Arn"))))
                    .isEqualTo(refs.get("Queue.Arn"));
        }

        @Test
        void subReplacesParametersPseudoParametersAttributesAndItsOwnVariables() {
            assertThat(resolve(new Intrinsic("Fn::Sub", "${AWS::StackName}-${Stage}/${Queue.Arn}/${!Literal}")))
                    .isEqualTo("medsum-local-dev/" + refs.get("Queue.Arn") + "/${Literal}");
            assertThat(resolve(new Intrinsic(
                            "Fn::Sub", List.of("${Name}-${Count}", Map.of("Name", new Intrinsic("Ref", "Stage"))))))
                    .isEqualTo("dev-6");
        }

        @Test
        void joinConcatenatesResolvedValues() {
            assertThat(resolve(new Intrinsic("Fn::Join", List.of("/", List.of("a", new Intrinsic("Ref", "Stage"))))))
                    .isEqualTo("a/dev");
        }

        @Test
        void longFormIntrinsicsResolveLikeShortFormOnes() {
            assertThat(resolve(Map.of("Ref", "Stage"))).isEqualTo("dev");
            assertThat(resolve(Map.of("Fn::Sub", "${Stage}!"))).isEqualTo("dev!");
        }

        @Test
        void mapsAndListsAreResolvedThroughout() {
            assertThat(resolve(Map.of("list", List.of(new Intrinsic("Ref", "Stage"), 7))))
                    .isEqualTo(Map.of("list", List.of("dev", 7)));
        }

        @Test
        void anUnknownNameIsAnErrorThatSaysWhichNameAndWhatWasSupplied() {
            assertThatThrownBy(() -> resolve(new Intrinsic("Ref", "Table")))
                    .isInstanceOf(UnresolvableValueException.class)
                    .hasMessageContaining("!Ref Table")
                    .hasMessageContaining("'Table' is neither a template parameter nor a supplied local value")
                    .hasMessageContaining("Queue.Arn");
            assertThatThrownBy(() -> resolve(new Intrinsic("Fn::Sub", "${Table.Arn}")))
                    .isInstanceOf(UnresolvableValueException.class)
                    .hasMessageContaining("no local value supplied for 'Table.Arn'");
        }

        @Test
        void intrinsicsThatNeedADeploymentAreErrors() {
            assertThatThrownBy(() -> resolve(new Intrinsic("Fn::ImportValue", "shared")))
                    .isInstanceOf(UnresolvableValueException.class)
                    .hasMessageContaining("Cannot resolve !ImportValue shared locally");
        }

        @Test
        void parameterValuesMergeOverridesOverDefaults() {
            assertThat(template.parameterValues(Map.of("Count", "3", "Required", "x")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Stage", "dev", "Count", "3", "Required", "x"));
        }

        @Test
        void parameterValuesRejectUnknownOverridesAndMissingValues() {
            assertThatThrownBy(() -> template.parameterValues(Map.of("Required", "x", "Typo", "1")))
                    .hasMessageContaining("Unknown template parameter(s) [Typo]");
            assertThatThrownBy(() -> template.parameterValues(Map.of()))
                    .hasMessageContaining("'Required' has no Default");
        }
    }
}
