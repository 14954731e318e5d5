package io.medsum.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.infra.CloudFormationTemplate;
import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.ProjectPaths;
import io.medsum.local.infra.TemplateSettings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What Lambda and {@code sam build} will find for each function of template.yaml: a Makefile target that places the
 * module's shaded jar, and in that jar the handler class, loadable from the jar alone, with the handler method, a
 * public no-argument constructor, and the CRaC hooks SnapStart calls.
 *
 * <p>In the Maven reactor the function modules are packaged before {@code local}, which depends on them, so their
 * {@code target/*-lambda.jar} exist when this runs. When a function module's jar was not built (e.g. {@code ./mvnw
 * test} without {@code package}), the check falls back to the module's compiled classes.
 */
class HandlerJarContractTest {
    private static final TemplateSettings SETTINGS = TemplateSettings.fromProjectTemplate();
    private static final CloudFormationTemplate TEMPLATE = SETTINGS.template();
    private static final Path ROOT =
            ProjectPaths.templateFile().toAbsolutePath().getParent();

    private static String codeUri(FunctionDefinition function) {
        return String.valueOf(TEMPLATE.properties(function.logicalId()).get("CodeUri"));
    }

    private static Path module(FunctionDefinition function) {
        return ROOT.resolve(codeUri(function));
    }

    private static List<Path> shadedJars(Path module) throws IOException {
        Path target = module.resolve("target");
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(
                            file -> file.getFileName().toString().matches(module.getFileName() + "-.*-lambda\\.jar"))
                    .toList();
        }
    }

    @Test
    void everyFunctionIsBuiltByItsModulesMakefile() throws IOException {
        for (FunctionDefinition function : SETTINGS.functions()) {
            Path module = module(function);
            assertThat(module.resolve("pom.xml"))
                    .as(function.logicalId() + ": CodeUri is a Maven module")
                    .isRegularFile();
            assertThat(TEMPLATE.metadata(function.logicalId()))
                    .as(function.logicalId())
                    .containsEntry("BuildMethod", "makefile");
            assertThat(Files.readString(module.resolve("Makefile")))
                    .as("sam build runs build-" + function.logicalId() + " in " + codeUri(function) + "/Makefile")
                    .containsPattern("(?m)^[^#\\n]*\\bbuild-" + function.logicalId() + "\\b[^\\n]*:");
        }
    }

    @Test
    void everyHandlerLoadsFromItsModulesJarAloneWithTheMethodsLambdaAndSnapStartCall() throws Exception {
        for (FunctionDefinition function : SETTINGS.functions()) {
            List<Path> jars = shadedJars(module(function));
            assertThat(jars).as(function.logicalId() + ": one shaded jar").hasSizeLessThanOrEqualTo(1);
            if (jars.isEmpty()) {
                Path classFile = module(function)
                        .resolve("target/classes")
                        .resolve(function.handlerClass().replace('.', '/') + ".class");
                assertThat(classFile)
                        .as(function.logicalId() + ": no jar built, so at least the compiled handler")
                        .isRegularFile();
                continue;
            }
            // Nothing from the test classpath: the jar has to carry everything the handler's signatures name.
            try (URLClassLoader jarOnly =
                    new URLClassLoader(new URL[] {jars.get(0).toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(function.handlerClass(), false, jarOnly);
                Class<?> requestHandler =
                        Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, jarOnly);
                Class<?> lambdaContext = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, jarOnly);
                Class<?> cracResource = Class.forName("org.crac.Resource", false, jarOnly);

                assertThat(requestHandler.isAssignableFrom(handler))
                        .as(function.logicalId() + " is a RequestHandler")
                        .isTrue();
                assertThat(cracResource.isAssignableFrom(handler))
                        .as(function.logicalId() + " is a CRaC resource for SnapStart")
                        .isTrue();
                assertThat(Modifier.isPublic(handler.getConstructor().getModifiers()))
                        .as("Lambda's no-argument constructor")
                        .isTrue();
                Method[] methods = handler.getMethods(); // resolves every public signature against the jar
                assertThat(Arrays.stream(methods)
                                .filter(m -> m.getName().equals(function.handlerMethod())
                                        && m.getParameterCount() == 2
                                        && m.getParameterTypes()[1] == lambdaContext))
                        .as(function.logicalId() + " has " + function.handler())
                        .isNotEmpty();
                assertThat(Arrays.stream(methods).map(Method::getName)).contains("beforeCheckpoint", "afterRestore");
            }
        }
    }

    @Test
    void onlyTheWorkerJarCarriesTheModelCallAndTheSummarizer() throws Exception {
        for (String module : List.of("ingest-function", "status-function")) {
            List<Path> jars = shadedJars(ROOT.resolve(module));
            if (jars.isEmpty()) {
                continue; // not packaged in this build; the test runs wherever the jars are built
            }
            try (var jar = new JarFile(jars.get(0).toFile())) {
                assertThat(jar.stream().map(JarEntry::getName))
                        .as(module + " carries no worker-only code and no Bedrock Runtime client")
                        .noneMatch(name -> name.startsWith("io/medsum/worker/")
                                || name.startsWith("software/amazon/awssdk/services/bedrockruntime/"));
            }
        }
    }

    @Test
    void functionsThatShareAModuleShareItsJar() {
        Map<String, String> moduleOf = new TreeMap<>();
        SETTINGS.functions().forEach(function -> moduleOf.put(function.logicalId(), codeUri(function)));

        assertThat(moduleOf)
                .containsEntry("IngestFunction", "ingest-function")
                .containsEntry("ReconcilerFunction", "ingest-function")
                .containsEntry("WorkerFunction", "worker-function")
                .containsEntry("StatusFunction", "status-function");
    }
}
