package dev.rollq.mongotest;

import java.net.InetSocketAddress;
import java.util.List;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * Starts mongo-java-server on loopback for rollq's tests.
 *
 * Why a launcher: the artifacts ship no usable main class (H2MongoServer.main binds localhost:27017 with no
 * options); stock 1.47.0 advertises wire version 8, which the Node driver 7 refuses ("requires at least 9");
 * and the stock H2 backend commits about once a second, so a kill -9 lost acknowledged writes. Here every
 * command is committed before its reply, and the server says it is MongoDB 4.4 (wire 9).
 *
 * Usage: java -jar mongo-test-server.jar [--host 127.0.0.1] [--port 0] (--h2 FILE | --memory) [--oplog]
 * Prints one line "listening 127.0.0.1:PORT" on stdout once bound.
 */
public final class Launcher {

    private static final MongoVersion MONGO_4_4 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    /** H2 backend that commits after every command, so an acknowledged write survives a kill -9. */
    static final class CommittingH2Backend extends H2Backend {
        CommittingH2Backend(String fileName) {
            super(fileName);
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                commit();
            }
        }
    }

    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 0;
        String h2File = null;
        boolean memory = false;
        boolean oplog = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--h2" -> h2File = args[++i];
                case "--memory" -> memory = true;
                case "--oplog" -> oplog = true;
                default -> {
                    System.err.println("unknown argument " + args[i]
                        + "; usage: [--host H] [--port P] (--h2 FILE | --memory) [--oplog]");
                    System.exit(2);
                }
            }
        }
        if (h2File == null && !memory) {
            System.err.println("say where the data lives: --h2 FILE, or --memory");
            System.exit(2);
        }
        MongoBackend backend = memory ? new MemoryBackend() : new CommittingH2Backend(h2File);
        backend.version(MONGO_4_4);
        MongoServer server = new MongoServer(backend);
        if (oplog) {
            server.enableOplog();
        }
        server.bind(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        InetSocketAddress address = server.getLocalAddress();
        System.out.println("listening " + address.getHostString() + ":" + address.getPort());
        System.out.flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
