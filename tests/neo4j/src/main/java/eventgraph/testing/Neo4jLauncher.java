package eventgraph.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs an embedded Neo4j Community server with Bolt on 127.0.0.1:PORT until stdin closes or SIGTERM.
 *
 * <p>Usage: {@code java -jar neo4j-launcher.jar PORT DATA_DIR [PASSWORD]}. With a PASSWORD, authentication
 * is enabled and user {@code neo4j} gets that password (so tests can check wrong credentials); without
 * one, authentication is disabled. Prints {@code NEO4J_READY bolt://127.0.0.1:PORT} once Bolt accepts
 * connections. Stdin closing is the main stop signal: the parent test process dies -> the server stops.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Neo4jLauncher PORT DATA_DIR [PASSWORD]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        String password = args.length > 2 && !args[2].isEmpty() ? args[2] : null;

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // Small, bounded memory: the machine is shared.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, ByteUnit.mebiBytes(256))
                .build();

        AtomicBoolean stopped = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    service.shutdown();
                } finally {
                    done.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
        }, "neo4j-launcher-shutdown"));

        if (password != null) {
            // Embedded access to the system database bypasses auth, so the initial password is set here
            // (the equivalent of `neo4j-admin dbms set-initial-password`).
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", java.util.Map.of("pw", password));
        }
        // Bolt is started by the time build() returns and the default database is available.
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        Thread stdinWatcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // Input is ignored; only end-of-file matters.
                }
            } catch (IOException ignored) {
                // A broken stdin means the parent is gone: stop too.
            }
            stop.run();
        }, "neo4j-launcher-stdin");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        done.await();
        System.out.println("NEO4J_STOPPED");
        System.out.flush();
        System.exit(0);
    }
}
