package org.lermap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Runs Neo4j Community embedded, with only the Bolt connector, on a loopback
 * address. Started and stopped by `lermap neo4j start|stop` (graph/local_neo4j.py),
 * which owns the pid file, the log file and the readiness check.
 *
 * Arguments: HOME_DIR HOST PORT. The password for the `neo4j` user comes from
 * the environment variable LERMAP_NEO4J_PASSWORD so that it never shows up in
 * a process listing. LERMAP_NEO4J_PLUGINS, when set, is a folder of procedure
 * jars (APOC, for the benchmark's peer) whose `apoc.*` procedures may run.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME_DIR HOST PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String password = System.getenv("LERMAP_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("LERMAP_NEO4J_PASSWORD must be set (8 characters or more)");
            System.exit(2);
        }
        Files.createDirectories(home);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true);
        String plugins = System.getenv("LERMAP_NEO4J_PLUGINS");
        if (plugins != null && !plugins.isEmpty()) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(plugins).toAbsolutePath())
                   .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
        }
        DatabaseManagementService dbms = builder.build();

        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            dbms.shutdown();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));
        System.out.println("neo4j ready on bolt://" + host + ":" + port);
        System.out.flush();
        stopped.await();
    }

    /**
     * The embedded API runs with full rights, so it can set the built-in user's
     * password; Bolt clients then must present it. On a restart the password is
     * usually unchanged, which Neo4j reports as an error we can ignore.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
