package io.medsum.cli;

import io.medsum.common.http.Tenants;
import io.medsum.local.LocalStack;
import io.medsum.local.gateway.ClientKey;
import io.medsum.local.gateway.ClientKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** {@code ./medsum keys}: the local stack's client API keys, one per client application (tenant). */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Creates, lists and revokes the local stack's API keys; each key is a tenant.",
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Revoke.class,
            KeysCommand.TenantOf.class
        })
final class KeysCommand {
    @Option(
            names = "--data-dir",
            defaultValue = ".medsum",
            scope = ScopeType.INHERIT,
            description = "The local stack's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    ClientKeys keys() {
        return ClientKeys.in(dataDir);
    }

    boolean stackRunning() {
        return Files.exists(dataDir.resolve(LocalStack.LOCAL_JSON));
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Creates a key and prints it, once: keep it, it is not shown again.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "The client's name, e.g. clinic-a.")
        String name;

        @Option(
                names = "--cross-tenant-reader",
                description = "May read every tenant's reports (e.g. a clinical-safety team); audited.")
        boolean crossTenantReader;

        @Override
        public Integer call() {
            ClientKey key = parent.keys().create(name, crossTenantReader);
            System.out.println("key       " + key.key());
            System.out.println("tenant    " + key.tenantId());
            System.out.println("Send it as the x-api-key header, or pass --key " + name + " to ./medsum commands.");
            if (crossTenantReader && parent.stackRunning()) {
                System.out.println("The stack is running: restart ./medsum local for the cross-tenant read to apply"
                        + " (the key works at once for its own tenant).");
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the keys: name, created, cross-tenant reader, tenant id (never the key itself).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() {
            List<ClientKey> keys = parent.keys().list();
            if (keys.isEmpty()) {
                System.out.println("No keys in " + parent.keys().file() + " (./medsum local makes a default one).");
                return 0;
            }
            System.out.printf("%-24s %-22s %-12s %s%n", "NAME", "CREATED", "CROSS-TENANT", "TENANT");
            for (ClientKey key : keys) {
                System.out.printf(
                        "%-24s %-22s %-12s %s%n",
                        key.name(),
                        key.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                        key.crossTenantReader() ? "yes" : "no",
                        key.tenantId());
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revokes a key: its callers are refused from the next request on.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!parent.keys().revoke(name)) {
                System.err.println("No key named " + name);
                return 1;
            }
            System.out.println("Revoked " + name);
            return 0;
        }
    }

    @Command(
            name = "tenant-of",
            mixinStandardHelpOptions = true,
            description = "Reads an API key from standard input (never an argument: it would stay in the shell's"
                    + " history) and prints its tenant id, e.g. for a deployed stack's usage-plan key.")
    static final class TenantOf implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String key = in.readLine();
            if (key == null || key.isBlank()) {
                System.err.println("No key on standard input");
                return 1;
            }
            System.out.println(Tenants.ofApiKey(key.strip()));
            return 0;
        }
    }
}
