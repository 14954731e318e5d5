package io.medsum.local.infra;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML: plain YAML (safe types only, no arbitrary classes) plus the short-form intrinsic tags such
 * as {@code !Ref}, which a stock YAML parser rejects as unknown tags.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {}

    static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        // A repeated key in a template is a mistake CloudFormation reports too; do not let the last one win.
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("A CloudFormation template is a YAML mapping, got: "
                    + (document == null
                            ? "an empty document"
                            : document.getClass().getSimpleName()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) map;
        return root;
    }

    /** SafeConstructor that turns {@code !Tag value} into {@link Intrinsic}, whatever the node kind. */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            for (String tag : Intrinsic.SHORT_FORM_TAGS) {
                yamlConstructors.put(new Tag("!" + tag), new ConstructIntrinsic(tag));
            }
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            private final String tag;

            ConstructIntrinsic(String tag) {
                this.tag = tag;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Intrinsic.fromShortForm(tag, value);
            }
        }
    }
}
